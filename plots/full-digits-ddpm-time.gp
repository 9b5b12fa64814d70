# digits-ddpm: frechet (lower is better) against training time (s)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-ddpm-time.gp` writes full-digits-ddpm-time.png and full-digits-ddpm-time.svg.
$front << EOD
0 53.9202
7.184 42.1424
9.994 30.7494
13.455 25.9041
13.612 22.9053
18.908 19.2187
20.089 18.9231
27.152 18.9231
EOD
$adapter << EOD
15.608 32.03 "houlsby"
13.324 31.832 "pfeiffer"
13.455 25.9041 "parallel"
16.618 35.4366 "compacter"
EOD
$baseline << EOD
18.908 19.2187 "full"
0 53.9202 "frozen"
7.184 42.1424 "head"
EOD
$hybrid << EOD
13.612 22.9053 "mam"
20.019 26.0057 "unipelt"
EOD
$prompt << EOD
22.121 38.1199 "prompt-tuning"
15.32 26.1391 "prefix-tuning"
15.028 38.5245 "p-tuning-v2"
EOD
$quantized << EOD
20.089 18.9231 "qlora"
EOD
$reparameterized << EOD
14.716 27.5489 "lora"
14.072 26.0243 "rslora"
14.232 29.1685 "dora"
13.32 38.551 "vera"
12.83 33.534 "loha"
13.215 34.5449 "lokr"
14.26 28.8157 "pissa"
15.384 39.5483 "adalora"
13.17 33.3463 "oft"
13.686 31.9429 "boft"
13.15 37.3834 "fourierft"
EOD
$scaling << EOD
19.23 34.7055 "ia3"
27.152 31.0571 "ssf"
EOD
$selective << EOD
14.512 36.9844 "bitfit"
14.414 34.4312 "ln-tuning"
9.994 30.7494 "partial"
25.787 39.086 "diff-pruning"
18.998 32.6621 "fishmask"
EOD

set title "digits-ddpm: frechet (lower is better) against training time (s)" noenhanced
set xlabel 'training time (s)'
set ylabel 'frechet (lower is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-ddpm-time.".fmt
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
