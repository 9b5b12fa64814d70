# digits: accuracy (higher is better) against peak training memory (MB of tensors)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot full-digits-memory.gp` writes full-digits-memory.png and full-digits-memory.svg.
$front << EOD
3.34754 0.7278
6.91596 0.875
12.2329 0.9056
14.9249 0.9361
14.9659 0.95
21.6424 0.9528
22.4531 0.9556
26.6477 0.9556
EOD
$adapter << EOD
14.8878 0.8861 "houlsby"
11.9543 0.8611 "pfeiffer"
12.2329 0.9056 "parallel"
14.8702 0.8556 "compacter"
EOD
$baseline << EOD
3.34754 0.7278 "head"
22.4531 0.9556 "full"
EOD
$hybrid << EOD
16.8248 0.9056 "mam"
21.0639 0.9333 "unipelt"
EOD
$prompt << EOD
15.4251 0.8639 "prefix-tuning"
21.1063 0.7694 "prompt-tuning"
15.1461 0.7722 "p-tuning-v2"
EOD
$quantized << EOD
21.6424 0.9528 "qlora"
EOD
$reparameterized << EOD
14.9659 0.9333 "lora"
14.9659 0.95 "rslora"
14.9249 0.9361 "dora"
15.1215 0.7917 "vera"
15.0478 0.9 "loha"
14.7283 0.8611 "lokr"
14.9659 0.9306 "pissa"
15.2124 0.9028 "adalora"
14.9556 0.8694 "oft"
15.2075 0.9028 "boft"
14.7242 0.8111 "fourierft"
EOD
$scaling << EOD
22.4339 0.7972 "ia3"
26.6477 0.8556 "ssf"
EOD
$selective << EOD
13.819 0.8194 "bitfit"
13.8047 0.8361 "ln-tuning"
6.91596 0.875 "partial"
22.4531 0.8444 "fishmask"
24.0654 0.7611 "diff-pruning"
EOD

set title "digits: accuracy (higher is better) against peak training memory (MB of tensors)" noenhanced
set xlabel 'peak training memory (MB of tensors)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-memory.".fmt
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
