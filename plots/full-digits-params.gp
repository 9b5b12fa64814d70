# digits: accuracy (higher is better) against trained parameters (method + task head)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-params.gp` writes full-digits-params.png and full-digits-params.svg.
$front << EOD
650 0.7278
1162 0.8111
1657 0.8444
1674 0.8611
2442 0.8694
4234 0.9028
5034 0.9056
8842 0.95
37514 0.9528
202186 0.9556
403722 0.9556
EOD
$adapter << EOD
9418 0.8861 "houlsby"
5034 0.8611 "pfeiffer"
5034 0.9056 "parallel"
2442 0.8556 "compacter"
EOD
$baseline << EOD
650 0.7278 "head"
202186 0.9556 "full"
EOD
$hybrid << EOD
47114 0.9056 "mam"
51958 0.9333 "unipelt"
EOD
$prompt << EOD
38602 0.8639 "prefix-tuning"
1162 0.7694 "prompt-tuning"
4746 0.7722 "p-tuning-v2"
EOD
$quantized << EOD
37514 0.9528 "qlora"
EOD
$reparameterized << EOD
8842 0.9333 "lora"
8842 0.95 "rslora"
9354 0.9361 "dora"
1674 0.7917 "vera"
8842 0.9 "loha"
1674 0.8611 "lokr"
8842 0.9306 "pissa"
13034 0.9028 "adalora"
2442 0.8694 "oft"
4234 0.9028 "boft"
1162 0.8111 "fourierft"
EOD
$scaling << EOD
2186 0.7972 "ia3"
6410 0.8556 "ssf"
EOD
$selective << EOD
3594 0.8194 "bitfit"
1802 0.8361 "ln-tuning"
50762 0.875 "partial"
1657 0.8444 "fishmask"
403722 0.7611 "diff-pruning"
EOD

set title "digits: accuracy (higher is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-params.".fmt
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
