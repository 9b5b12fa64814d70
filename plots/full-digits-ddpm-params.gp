# digits-ddpm: frechet (lower is better) against trained parameters (method + task head)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-ddpm-params.gp` writes full-digits-ddpm-params.png and full-digits-ddpm-params.svg.
$front << EOD
260 42.1424
772 37.3834
1049 32.6621
3844 31.9429
4644 25.9041
37124 18.9231
420236 18.9231
EOD
$adapter << EOD
9028 32.03 "houlsby"
4644 31.832 "pfeiffer"
4644 25.9041 "parallel"
2052 35.4366 "compacter"
EOD
$baseline << EOD
209988 19.2187 "full"
260 53.9202 "frozen"
260 42.1424 "head"
EOD
$hybrid << EOD
46724 22.9053 "mam"
51568 26.0057 "unipelt"
EOD
$prompt << EOD
772 38.1199 "prompt-tuning"
38212 26.1391 "prefix-tuning"
4356 38.5245 "p-tuning-v2"
EOD
$quantized << EOD
37124 18.9231 "qlora"
EOD
$reparameterized << EOD
8452 27.5489 "lora"
8452 26.0243 "rslora"
8964 29.1685 "dora"
1284 38.551 "vera"
8452 33.534 "loha"
1284 34.5449 "lokr"
8452 28.8157 "pissa"
12644 39.5483 "adalora"
2052 33.3463 "oft"
3844 31.9429 "boft"
772 37.3834 "fourierft"
EOD
$scaling << EOD
1796 34.7055 "ia3"
6020 31.0571 "ssf"
EOD
$selective << EOD
3204 36.9844 "bitfit"
1412 34.4312 "ln-tuning"
50372 30.7494 "partial"
1049 32.6621 "fishmask"
420236 30.3002 "diff-pruning"
EOD

set title "digits-ddpm: frechet (lower is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-ddpm-params.".fmt
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
