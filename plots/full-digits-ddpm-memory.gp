# digits-ddpm: frechet (lower is better) against peak training memory (MB of tensors)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-ddpm-memory.gp` writes full-digits-ddpm-memory.png and full-digits-ddpm-memory.svg.
$front << EOD
0 53.9202
3.19696 42.1424
6.51602 30.7494
11.4622 25.9041
15.8498 22.9053
20.3213 18.9231
25.0133 18.9231
EOD
$adapter << EOD
13.9631 32.03 "houlsby"
11.2001 31.832 "pfeiffer"
11.4622 25.9041 "parallel"
13.9454 35.4366 "compacter"
EOD
$baseline << EOD
21.277 19.2187 "full"
0 53.9202 "frozen"
3.19696 42.1424 "head"
EOD
$hybrid << EOD
15.8498 22.9053 "mam"
19.8466 26.0057 "unipelt"
EOD
$prompt << EOD
20.1595 38.1199 "prompt-tuning"
14.5281 26.1391 "prefix-tuning"
14.249 38.5245 "p-tuning-v2"
EOD
$quantized << EOD
20.3213 18.9231 "qlora"
EOD
$reparameterized << EOD
14.0196 27.5489 "lora"
14.0196 26.0243 "rslora"
13.9951 29.1685 "dora"
14.1917 38.551 "vera"
14.1179 33.534 "loha"
13.7985 34.5449 "lokr"
14.0196 28.8157 "pissa"
14.258 39.5483 "adalora"
14.0258 33.3463 "oft"
14.2777 31.9429 "boft"
13.7944 37.3834 "fourierft"
EOD
$scaling << EOD
21.0453 34.7055 "ia3"
25.0133 31.0571 "ssf"
EOD
$selective << EOD
12.9378 36.9844 "bitfit"
12.9234 34.4312 "ln-tuning"
6.51602 30.7494 "partial"
21.277 32.6621 "fishmask"
22.9569 30.3002 "diff-pruning"
EOD

set title "digits-ddpm: frechet (lower is better) against peak training memory (MB of tensors)" noenhanced
set xlabel 'peak training memory (MB of tensors)'
set ylabel 'frechet (lower is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-ddpm-memory.".fmt
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
