# digits: accuracy (higher is better) against training time (s)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot seeds-digits-time.gp` writes seeds-digits-time.png and seeds-digits-time.svg.
$front << EOD
7.486 0.7194
7.527 0.7278
11.769 0.875
13.861 0.8778
13.966 0.8972
14.115 0.9056
15.447 0.9306
15.484 0.9444
15.547 0.9528
16.461 0.9611
20.825 0.9806
31.543 0.9806
EOD
$adapter << EOD
15.577 0.8861 "houlsby"
15.764 0.9056 "houlsby"
15.81 0.9056 "houlsby"
13.967 0.8611 "pfeiffer"
13.95 0.8722 "pfeiffer"
13.861 0.8778 "pfeiffer"
14.115 0.9056 "parallel"
13.966 0.8972 "parallel"
13.984 0.8917 "parallel"
16.865 0.8556 "compacter"
17.112 0.8472 "compacter"
16.866 0.8639 "compacter"
EOD
$baseline << EOD
25.359 0.9667 "full"
25.325 0.9556 "full"
7.527 0.7278 "head"
7.544 0.7278 "head"
25.121 0.9694 "full"
7.486 0.7194 "head"
EOD
$hybrid << EOD
17.342 0.9056 "mam"
17.543 0.9111 "mam"
16.967 0.925 "mam"
22.475 0.9333 "unipelt"
22.51 0.9361 "unipelt"
22.607 0.9222 "unipelt"
EOD
$prompt << EOD
23.175 0.7694 "prompt-tuning"
23.041 0.7333 "prompt-tuning"
16.108 0.8639 "prefix-tuning"
22.689 0.7556 "prompt-tuning"
16.156 0.85 "prefix-tuning"
16.052 0.8611 "prefix-tuning"
15.72 0.7722 "p-tuning-v2"
15.697 0.7528 "p-tuning-v2"
15.713 0.7611 "p-tuning-v2"
EOD
$quantized << EOD
21.016 0.9528 "qlora"
21.165 0.9556 "qlora"
20.825 0.9806 "qlora"
EOD
$reparameterized << EOD
15.722 0.9333 "lora"
15.588 0.9306 "lora"
15.547 0.9528 "lora"
15.628 0.95 "rslora"
15.637 0.9472 "rslora"
15.702 0.9444 "rslora"
16.526 0.9361 "dora"
16.503 0.9278 "dora"
16.461 0.9611 "dora"
16.491 0.7917 "vera"
16.529 0.8056 "vera"
17.055 0.7833 "vera"
16.754 0.9 "loha"
16.67 0.8917 "loha"
16.581 0.9111 "loha"
16.544 0.8611 "lokr"
16.716 0.8861 "lokr"
16.345 0.8944 "lokr"
15.447 0.9306 "pissa"
15.503 0.9444 "pissa"
15.484 0.9444 "pissa"
16.203 0.9028 "adalora"
15.965 0.8944 "adalora"
16.125 0.9139 "adalora"
16.329 0.8694 "oft"
16.313 0.8944 "oft"
16.624 0.8944 "oft"
17.41 0.9028 "boft"
17.256 0.8944 "boft"
17.259 0.9056 "boft"
16.966 0.8111 "fourierft"
16.852 0.8361 "fourierft"
17.024 0.8222 "fourierft"
EOD
$scaling << EOD
20.993 0.7972 "ia3"
20.982 0.8222 "ia3"
21.054 0.8222 "ia3"
28.806 0.8556 "ssf"
29.119 0.8889 "ssf"
28.76 0.9 "ssf"
EOD
$selective << EOD
15.407 0.8194 "bitfit"
15.45 0.825 "bitfit"
15.607 0.8222 "bitfit"
15.405 0.8361 "ln-tuning"
15.302 0.8333 "ln-tuning"
15.346 0.8389 "ln-tuning"
11.769 0.875 "partial"
11.904 0.8639 "partial"
11.785 0.8444 "partial"
24.786 0.8444 "fishmask"
24.932 0.8806 "fishmask"
24.851 0.8222 "fishmask"
31.405 0.7611 "diff-pruning"
31.543 0.7472 "diff-pruning"
31.35 0.7222 "diff-pruning"
EOD

set title "digits: accuracy (higher is better) against training time (s)" noenhanced
set xlabel 'training time (s)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "seeds-digits-time.".fmt
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
