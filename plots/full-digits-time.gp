# digits: accuracy (higher is better) against training time (s)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-time.gp` writes full-digits-time.png and full-digits-time.svg.
$front << EOD
10.063 0.7278
11.379 0.875
13.718 0.9056
14.055 0.9306
15.156 0.9333
15.467 0.95
20.994 0.9528
23.086 0.9556
41.146 0.9556
EOD
$adapter << EOD
15.516 0.8861 "houlsby"
13.68 0.8611 "pfeiffer"
13.718 0.9056 "parallel"
16.678 0.8556 "compacter"
EOD
$baseline << EOD
10.063 0.7278 "head"
23.086 0.9556 "full"
EOD
$hybrid << EOD
17.019 0.9056 "mam"
22.045 0.9333 "unipelt"
EOD
$prompt << EOD
15.833 0.8639 "prefix-tuning"
22.656 0.7694 "prompt-tuning"
15.682 0.7722 "p-tuning-v2"
EOD
$quantized << EOD
20.994 0.9528 "qlora"
EOD
$reparameterized << EOD
15.156 0.9333 "lora"
15.467 0.95 "rslora"
15.566 0.9361 "dora"
14.458 0.7917 "vera"
14.255 0.9 "loha"
14.817 0.8611 "lokr"
14.055 0.9306 "pissa"
15.744 0.9028 "adalora"
16.441 0.8694 "oft"
17.326 0.9028 "boft"
16.829 0.8111 "fourierft"
EOD
$scaling << EOD
20.687 0.7972 "ia3"
27.259 0.8556 "ssf"
EOD
$selective << EOD
20.424 0.8194 "bitfit"
15.062 0.8361 "ln-tuning"
11.379 0.875 "partial"
24.614 0.8444 "fishmask"
41.146 0.7611 "diff-pruning"
EOD

set title "digits: accuracy (higher is better) against training time (s)" noenhanced
set xlabel 'training time (s)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-time.".fmt
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
