# digits: accuracy (higher is better) against peak training memory (MB of tensors)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot seeds-digits-memory.gp` writes seeds-digits-memory.png and seeds-digits-memory.svg.
$front << EOD
3.34754 0.7278
6.91596 0.875
11.9543 0.8778
12.2329 0.9056
14.9249 0.9611
21.6424 0.9806
26.6477 0.9806
EOD
$adapter << EOD
14.8878 0.8861 "houlsby"
14.8878 0.9056 "houlsby"
14.8878 0.9056 "houlsby"
11.9543 0.8611 "pfeiffer"
11.9543 0.8722 "pfeiffer"
11.9543 0.8778 "pfeiffer"
12.2329 0.9056 "parallel"
12.2329 0.8972 "parallel"
12.2329 0.8917 "parallel"
14.8702 0.8556 "compacter"
14.8702 0.8472 "compacter"
14.8702 0.8639 "compacter"
EOD
$baseline << EOD
22.4531 0.9667 "full"
22.4531 0.9556 "full"
3.34754 0.7278 "head"
3.34754 0.7278 "head"
22.4531 0.9694 "full"
3.34754 0.7194 "head"
EOD
$hybrid << EOD
16.8248 0.9056 "mam"
16.8248 0.9111 "mam"
16.8248 0.925 "mam"
21.0639 0.9333 "unipelt"
21.0639 0.9361 "unipelt"
21.0639 0.9222 "unipelt"
EOD
$prompt << EOD
21.1063 0.7694 "prompt-tuning"
21.1063 0.7333 "prompt-tuning"
15.4251 0.8639 "prefix-tuning"
21.1063 0.7556 "prompt-tuning"
15.4251 0.85 "prefix-tuning"
15.4251 0.8611 "prefix-tuning"
15.1461 0.7722 "p-tuning-v2"
15.1461 0.7528 "p-tuning-v2"
15.1461 0.7611 "p-tuning-v2"
EOD
$quantized << EOD
21.6424 0.9528 "qlora"
21.6424 0.9556 "qlora"
21.6424 0.9806 "qlora"
EOD
$reparameterized << EOD
14.9659 0.9333 "lora"
14.9659 0.9306 "lora"
14.9659 0.9528 "lora"
14.9659 0.95 "rslora"
14.9659 0.9472 "rslora"
14.9659 0.9444 "rslora"
14.9249 0.9361 "dora"
14.9249 0.9278 "dora"
14.9249 0.9611 "dora"
15.1215 0.7917 "vera"
15.1215 0.8056 "vera"
15.1215 0.7833 "vera"
15.0478 0.9 "loha"
15.0478 0.8917 "loha"
15.0478 0.9111 "loha"
14.7283 0.8611 "lokr"
14.7283 0.8861 "lokr"
14.7283 0.8944 "lokr"
14.9659 0.9306 "pissa"
14.9659 0.9444 "pissa"
14.9659 0.9444 "pissa"
15.2124 0.9028 "adalora"
15.2124 0.8944 "adalora"
15.2124 0.9139 "adalora"
14.9556 0.8694 "oft"
14.9556 0.8944 "oft"
14.9556 0.8944 "oft"
15.2075 0.9028 "boft"
15.2075 0.8944 "boft"
15.2075 0.9056 "boft"
14.7242 0.8111 "fourierft"
14.7242 0.8361 "fourierft"
14.7242 0.8222 "fourierft"
EOD
$scaling << EOD
22.4339 0.7972 "ia3"
22.4339 0.8222 "ia3"
22.4339 0.8222 "ia3"
26.6477 0.8556 "ssf"
26.6477 0.8889 "ssf"
26.6477 0.9 "ssf"
EOD
$selective << EOD
13.819 0.8194 "bitfit"
13.819 0.825 "bitfit"
13.819 0.8222 "bitfit"
13.8047 0.8361 "ln-tuning"
13.8047 0.8333 "ln-tuning"
13.8047 0.8389 "ln-tuning"
6.91596 0.875 "partial"
6.91596 0.8639 "partial"
6.91596 0.8444 "partial"
22.4531 0.8444 "fishmask"
22.4531 0.8806 "fishmask"
22.4531 0.8222 "fishmask"
24.0654 0.7611 "diff-pruning"
24.0654 0.7472 "diff-pruning"
24.0654 0.7222 "diff-pruning"
EOD

set title "digits: accuracy (higher is better) against peak training memory (MB of tensors)" noenhanced
set xlabel 'peak training memory (MB of tensors)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "seeds-digits-memory.".fmt
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
