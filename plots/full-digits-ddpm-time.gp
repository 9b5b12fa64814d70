# digits-ddpm: frechet (lower is better) against training time (s)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-ddpm-time.gp` writes full-digits-ddpm-time.png and full-digits-ddpm-time.svg.
$front << EOD
0 53.9202
6.389 42.1424
8.746 30.7494
12.651 27.5489
12.917 25.9041
13.769 22.9053
16.979 19.2187
17.329 18.9231
32.796 18.9231
EOD
$adapter << EOD
12.83 32.03 "houlsby"
11.317 31.832 "pfeiffer"
12.917 25.9041 "parallel"
14.83 35.4366 "compacter"
EOD
$baseline << EOD
16.979 19.2187 "full"
0 53.9202 "frozen"
6.389 42.1424 "head"
EOD
$hybrid << EOD
13.769 22.9053 "mam"
18.443 26.0057 "unipelt"
EOD
$prompt << EOD
18.932 38.1199 "prompt-tuning"
13.08 26.1391 "prefix-tuning"
13.949 38.5245 "p-tuning-v2"
EOD
$quantized << EOD
17.329 18.9231 "qlora"
EOD
$reparameterized << EOD
12.651 27.5489 "lora"
13.359 26.0243 "rslora"
13.499 29.1685 "dora"
12.977 38.551 "vera"
12.705 33.534 "loha"
12.88 34.5449 "lokr"
13.064 28.8157 "pissa"
12.923 39.5483 "adalora"
12.878 33.3463 "oft"
13.675 31.9429 "boft"
13.194 37.3834 "fourierft"
EOD
$scaling << EOD
17.633 34.7055 "ia3"
23.647 31.0571 "ssf"
EOD
$selective << EOD
12.966 36.9844 "bitfit"
12.731 34.4312 "ln-tuning"
8.746 30.7494 "partial"
17.115 32.6621 "fishmask"
32.796 30.3002 "diff-pruning"
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
