# digits: accuracy (higher is better) against trained parameters (method + task head)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot seeds-digits-params.gp` writes seeds-digits-params.png and seeds-digits-params.svg.
$front << EOD
650 0.7278
1162 0.8361
1657 0.8806
1674 0.8944
4234 0.9056
8842 0.9528
9354 0.9611
37514 0.9806
403722 0.9806
EOD
$adapter << EOD
9418 0.8861 "houlsby"
9418 0.9056 "houlsby"
9418 0.9056 "houlsby"
5034 0.8611 "pfeiffer"
5034 0.8722 "pfeiffer"
5034 0.8778 "pfeiffer"
5034 0.9056 "parallel"
5034 0.8972 "parallel"
5034 0.8917 "parallel"
2442 0.8556 "compacter"
2442 0.8472 "compacter"
2442 0.8639 "compacter"
EOD
$baseline << EOD
202186 0.9667 "full"
202186 0.9556 "full"
650 0.7278 "head"
650 0.7278 "head"
202186 0.9694 "full"
650 0.7194 "head"
EOD
$hybrid << EOD
47114 0.9056 "mam"
47114 0.9111 "mam"
47114 0.925 "mam"
51958 0.9333 "unipelt"
51958 0.9361 "unipelt"
51958 0.9222 "unipelt"
EOD
$prompt << EOD
1162 0.7694 "prompt-tuning"
1162 0.7333 "prompt-tuning"
38602 0.8639 "prefix-tuning"
1162 0.7556 "prompt-tuning"
38602 0.85 "prefix-tuning"
38602 0.8611 "prefix-tuning"
4746 0.7722 "p-tuning-v2"
4746 0.7528 "p-tuning-v2"
4746 0.7611 "p-tuning-v2"
EOD
$quantized << EOD
37514 0.9528 "qlora"
37514 0.9556 "qlora"
37514 0.9806 "qlora"
EOD
$reparameterized << EOD
8842 0.9333 "lora"
8842 0.9306 "lora"
8842 0.9528 "lora"
8842 0.95 "rslora"
8842 0.9472 "rslora"
8842 0.9444 "rslora"
9354 0.9361 "dora"
9354 0.9278 "dora"
9354 0.9611 "dora"
1674 0.7917 "vera"
1674 0.8056 "vera"
1674 0.7833 "vera"
8842 0.9 "loha"
8842 0.8917 "loha"
8842 0.9111 "loha"
1674 0.8611 "lokr"
1674 0.8861 "lokr"
1674 0.8944 "lokr"
8842 0.9306 "pissa"
8842 0.9444 "pissa"
8842 0.9444 "pissa"
13034 0.9028 "adalora"
13034 0.8944 "adalora"
13034 0.9139 "adalora"
2442 0.8694 "oft"
2442 0.8944 "oft"
2442 0.8944 "oft"
4234 0.9028 "boft"
4234 0.8944 "boft"
4234 0.9056 "boft"
1162 0.8111 "fourierft"
1162 0.8361 "fourierft"
1162 0.8222 "fourierft"
EOD
$scaling << EOD
2186 0.7972 "ia3"
2186 0.8222 "ia3"
2186 0.8222 "ia3"
6410 0.8556 "ssf"
6410 0.8889 "ssf"
6410 0.9 "ssf"
EOD
$selective << EOD
3594 0.8194 "bitfit"
3594 0.825 "bitfit"
3594 0.8222 "bitfit"
1802 0.8361 "ln-tuning"
1802 0.8333 "ln-tuning"
1802 0.8389 "ln-tuning"
50762 0.875 "partial"
50762 0.8639 "partial"
50762 0.8444 "partial"
1657 0.8444 "fishmask"
1657 0.8806 "fishmask"
1657 0.8222 "fishmask"
403722 0.7611 "diff-pruning"
403722 0.7472 "diff-pruning"
403722 0.7222 "diff-pruning"
EOD

set title "digits: accuracy (higher is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "seeds-digits-params.".fmt
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
