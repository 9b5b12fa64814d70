# digits: accuracy (higher is better) against training time (s)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-time.gp` writes full-digits-time.png and full-digits-time.svg.
$front << EOD
10.469 0.7278
11.819 0.875
13.217 0.9056
13.237 0.9333
13.358 0.95
20.689 0.9528
23.802 0.9556
30.492 0.9556
EOD
$adapter << EOD
15.77 0.8861 "houlsby"
13.417 0.8611 "pfeiffer"
13.217 0.9056 "parallel"
15.547 0.8556 "compacter"
EOD
$baseline << EOD
10.469 0.7278 "head"
23.802 0.9556 "full"
EOD
$hybrid << EOD
17.091 0.9056 "mam"
22.536 0.9333 "unipelt"
EOD
$prompt << EOD
20.197 0.7694 "prompt-tuning"
14.494 0.8639 "prefix-tuning"
13.46 0.7722 "p-tuning-v2"
EOD
$quantized << EOD
20.689 0.9528 "qlora"
EOD
$reparameterized << EOD
13.237 0.9333 "lora"
13.358 0.95 "rslora"
14.118 0.9361 "dora"
14.792 0.7917 "vera"
15.643 0.9 "loha"
16.521 0.8611 "lokr"
15.674 0.9306 "pissa"
16.161 0.9028 "adalora"
16.642 0.8694 "oft"
17.44 0.9028 "boft"
17.055 0.8111 "fourierft"
EOD
$scaling << EOD
18.027 0.7972 "ia3"
24.646 0.8556 "ssf"
EOD
$selective << EOD
21.401 0.8194 "bitfit"
15.191 0.8361 "ln-tuning"
11.819 0.875 "partial"
30.492 0.475 "diff-pruning"
24.292 0.8444 "fishmask"
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
