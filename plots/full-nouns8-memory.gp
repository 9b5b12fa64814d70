# nouns8: accuracy (higher is better) against peak training memory (MB of tensors)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-nouns8-memory.gp` writes full-nouns8-memory.png and full-nouns8-memory.svg.
$front << EOD
11.5426 0.2453
27.0629 0.3656
48.6204 0.3672
59.5027 0.3969
60.625 0.4
104.034 0.4
EOD
$adapter << EOD
57.8162 0.3625 "houlsby"
47.5718 0.3281 "pfeiffer"
48.6204 0.3672 "parallel"
57.775 0.3219 "compacter"
EOD
$baseline << EOD
11.5426 0.2453 "head"
88.8705 0.3812 "full"
EOD
$hybrid << EOD
62.7038 0.2516 "mam"
77.9704 0.2797 "unipelt"
EOD
$prompt << EOD
63.869 0.225 "prompt-tuning"
57.9636 0.1453 "prefix-tuning"
56.8157 0.2281 "p-tuning-v2"
EOD
$quantized << EOD
83.2472 0.1391 "qlora"
EOD
$reparameterized << EOD
59.5027 0.3203 "lora"
59.5027 0.25 "rslora"
59.9123 0.3797 "dora"
60.3014 0.2484 "vera"
60.4202 0.3281 "loha"
59.261 0.3547 "lokr"
59.5027 0.3969 "pissa"
59.9786 0.2453 "adalora"
59.9164 0.3781 "oft"
60.625 0.4 "boft"
59.2446 0.2562 "fourierft"
EOD
$scaling << EOD
88.2341 0.2781 "ia3"
104.034 0.3609 "ssf"
EOD
$selective << EOD
55.7651 0.3047 "bitfit"
55.7374 0.3156 "ln-tuning"
27.0629 0.3656 "partial"
88.8705 0.3141 "fishmask"
95.5449 0.1625 "diff-pruning"
EOD

set title "nouns8: accuracy (higher is better) against peak training memory (MB of tensors)" noenhanced
set xlabel 'peak training memory (MB of tensors)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-nouns8-memory.".fmt
    plot $front with steps lw 1 dt 2 lc rgb '#999999' title 'Pareto front', \
         $adapter using 1:2 with points pt 7 ps 1.2 lc rgb '#ff7f0e' title 'adapter', \
         $adapter using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#ff7f0e' notitle, \
         $baseline using 1:2 with points pt 7 ps 1.2 lc rgb '#000000' title 'baseline', \
         $baseline using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#000000' notitle, \
         $hybrid using 1:2 with points pt 7 ps 1.2 lc rgb '#8c564b' title 'hybrid', \
         $hybrid using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#8c564b' notitle, \
         $prompt using 1:2 with points pt 7 ps 1.2 lc rgb '#2ca02c' title 'prompt', \
         $prompt using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#2ca02c' notitle, \
         $quantized using 1:2 with points pt 7 ps 1.2 lc rgb '#e377c2' title 'quantized', \
         $quantized using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#e377c2' notitle, \
         $reparameterized using 1:2 with points pt 7 ps 1.2 lc rgb '#9467bd' title 'reparameterized', \
         $reparameterized using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#9467bd' notitle, \
         $scaling using 1:2 with points pt 7 ps 1.2 lc rgb '#d62728' title 'scaling', \
         $scaling using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#d62728' notitle, \
         $selective using 1:2 with points pt 7 ps 1.2 lc rgb '#1f77b4' title 'selective', \
         $selective using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#1f77b4' notitle
    unset output
}
