# nouns8: accuracy (higher is better) against trained parameters (method + task head)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-nouns8-params.gp` writes full-nouns8-params.png and full-nouns8-params.svg.
$front << EOD
1032 0.2453
1544 0.2562
3336 0.3156
3592 0.3547
4616 0.3781
8200 0.4
1.66964e+06 0.4
EOD
$adapter << EOD
18504 0.3625 "houlsby"
9768 0.3281 "pfeiffer"
9768 0.3672 "parallel"
4360 0.3219 "compacter"
EOD
$baseline << EOD
1032 0.2453 "head"
835336 0.3812 "full"
EOD
$hybrid << EOD
167624 0.2516 "mam"
177332 0.2797 "unipelt"
EOD
$prompt << EOD
2056 0.225 "prompt-tuning"
150664 0.1453 "prefix-tuning"
9224 0.2281 "p-tuning-v2"
EOD
$quantized << EOD
74760 0.1391 "qlora"
EOD
$reparameterized << EOD
17416 0.3203 "lora"
17416 0.25 "rslora"
18440 0.3797 "dora"
2568 0.2484 "vera"
17416 0.3281 "loha"
3592 0.3547 "lokr"
17416 0.3969 "pissa"
25704 0.2453 "adalora"
4616 0.3781 "oft"
8200 0.4 "boft"
1544 0.2562 "fourierft"
EOD
$scaling << EOD
4104 0.2781 "ia3"
12552 0.3609 "ssf"
EOD
$selective << EOD
6792 0.3047 "bitfit"
3336 0.3156 "ln-tuning"
199560 0.3656 "partial"
5203 0.3141 "fishmask"
1.66964e+06 0.1625 "diff-pruning"
EOD

set title "nouns8: accuracy (higher is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-nouns8-params.".fmt
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
