# nouns26: accuracy (higher is better) against peak training memory (MB of tensors)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-nouns26-memory.gp" writes full-nouns26-memory.png and full-nouns26-memory.svg.
$front << EOD
8.08206 0.655833
44.3699 0.710867
100.604 0.718133
102.398 0.723967
336.611 0.734333
336.611 0.734333
EOD
$adapter << EOD
102.398 0.723967 "houlsby" 0.02044
86.578 0.6996 "pfeiffer" 0.0116172
EOD
$baseline << EOD
336.611 0.734333 "full" 0.0212264
8.08206 0.655833 "head" 0.0135638
EOD
$mixture << EOD
199.255 0.7073 "mov" 0.00387239
EOD
$prompt << EOD
113.948 0.6635 "prefix-tuning" 0.00387239
120.006 0.689667 "prompt-tuning" 0.0069615
EOD
$reparameterized << EOD
102.397 0.706833 "adalora" 0.00517711
152.351 0.709533 "dora" 0.0108062
180.479 0.722133 "loha" 0.00700127
123.493 0.721267 "lokr" 0.0363435
100.604 0.710433 "lora" 0.010061
100.604 0.718133 "pissa" 0.0312314
100.604 0.6951 "rslora" 0.0301687
161.058 0.7077 "vera" 0.0354031
EOD
$scaling << EOD
147 0.711767 "ia3" 0.0233777
184.878 0.714067 "ssf" 0.0252312
EOD
$selective << EOD
93.069 0.704567 "bitfit" 0.00975268
92.943 0.7014 "ln-tuning" 0.00520485
44.3699 0.710867 "partial" 0.0217022
EOD

set title "nouns26: accuracy (higher is better) against peak training memory (MB of tensors)" noenhanced
set xlabel 'peak training memory (MB of tensors)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-nouns26-memory.".fmt
    plot $front with steps lw 1 dt 2 lc rgb '#999999' title 'Pareto front', \
         $adapter using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#ff7f0e' title 'adapter', \
         $adapter using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#ff7f0e' notitle, \
         $baseline using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#000000' title 'baseline', \
         $baseline using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#000000' notitle, \
         $mixture using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#17becf' title 'mixture', \
         $mixture using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#17becf' notitle, \
         $prompt using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#2ca02c' title 'prompt', \
         $prompt using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#2ca02c' notitle, \
         $reparameterized using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#9467bd' title 'reparameterized', \
         $reparameterized using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#9467bd' notitle, \
         $scaling using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#d62728' title 'scaling', \
         $scaling using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#d62728' notitle, \
         $selective using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#1f77b4' title 'selective', \
         $selective using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#1f77b4' notitle
    unset output
}
