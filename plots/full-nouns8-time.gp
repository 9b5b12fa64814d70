# nouns8: accuracy (higher is better) against training time (s)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-nouns8-time.gp` writes full-nouns8-time.png and full-nouns8-time.svg.
$front << EOD
21.477 0.2453
31.22 0.3656
39.701 0.3672
42.55 0.4
90.945 0.4
EOD
$adapter << EOD
44.457 0.3625 "houlsby"
39.82 0.3281 "pfeiffer"
39.701 0.3672 "parallel"
45.348 0.3219 "compacter"
EOD
$baseline << EOD
21.477 0.2453 "head"
59.868 0.3812 "full"
EOD
$hybrid << EOD
45.401 0.2516 "mam"
51.53 0.2797 "unipelt"
EOD
$prompt << EOD
50.647 0.225 "prompt-tuning"
44.565 0.1453 "prefix-tuning"
43.833 0.2281 "p-tuning-v2"
EOD
$quantized << EOD
49.577 0.1391 "qlora"
EOD
$reparameterized << EOD
45.078 0.3203 "lora"
44.496 0.25 "rslora"
45.714 0.3797 "dora"
45.6 0.2484 "vera"
45.587 0.3281 "loha"
45.4 0.3547 "lokr"
44.22 0.3969 "pissa"
43.78 0.2453 "adalora"
44.26 0.3781 "oft"
42.55 0.4 "boft"
43.293 0.2562 "fourierft"
EOD
$scaling << EOD
54.833 0.2781 "ia3"
73.02 0.3609 "ssf"
EOD
$selective << EOD
44.384 0.3047 "bitfit"
44.063 0.3156 "ln-tuning"
31.22 0.3656 "partial"
60.319 0.3141 "fishmask"
90.945 0.1625 "diff-pruning"
EOD

set title "nouns8: accuracy (higher is better) against training time (s)" noenhanced
set xlabel 'training time (s)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-nouns8-time.".fmt
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
