# digits-ddpm: frechet (lower is better) against training time (s)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-ddpm-time.gp" writes full-digits-ddpm-time.png and full-digits-ddpm-time.svg.
$front << EOD
0 48.487
3.992 36.3431
4.208 26.7608
5.663 21.9802
6.375 20.9526
9.235 20.131
12.28 19.3272
12.962 15.2339
17.454 14.837
65.384 14.6913
65.384 14.6913
EOD
$adapter << EOD
10.14 29.1237 "adapterdrop" 0.439835
8.955 22.091 "adaptformer" 2.04406
12.073 29.1548 "compacter" 3.77111
10.545 24.1483 "houlsby" 2.08793
16.299 37.5394 "lst" 1.63363
9.139 21.3814 "parallel" 3.66389
9.739 24.7691 "pfeiffer" 0.953235
12.875 21.0063 "scaled-parallel" 3.48212
12.156 25.6701 "sparse-adapter" 3.90143
EOD
$baseline << EOD
0 48.487 "frozen" 0
12.962 15.2339 "full" 2.99973
3.992 36.3431 "head" 6.97873
EOD
$hybrid << EOD
6.818 34.7511 "glora" 0.88144
12.28 19.3272 "mam" 2.25983
4.208 26.7608 "propetl" 2.16628
19.298 16.5367 "rosa" 3.95445
5.663 21.9802 "s4" 3.31224
14.445 21.0287 "unified" 4.64485
18.824 20.6062 "unipelt" 3.68559
EOD
$mixture << EOD
47.333 29.865 "adamix" 3.72705
9.235 20.131 "hydralora" 3.89894
65.384 14.6913 "molora" 4.29132
30.486 24.9686 "moslora" 3.70039
34.373 18.6373 "mov" 3.22856
EOD
$prompt << EOD
29.879 19.099 "dept" 0.820143
20.4 32.7407 "lpt" 2.71917
15.204 32.8196 "p-tuning" 1.05121
10.963 23.7858 "p-tuning-v2" 4.91593
11.282 21.222 "prefix-tuning" 0.621757
15.115 30.5762 "prompt-tuning" 3.18335
50.5 28.4351 "vpt-deep" 3.01939
22.646 32.1834 "xprompt" 2.33346
EOD
$quantized << EOD
34.637 16.6696 "bitdelta" 2.56327
14.26 16.4745 "loftq" 4.36453
27.027 16.7356 "lq-lora" 3.4537
19.652 23.3284 "peqa" 3.03131
19.392 21.7126 "qa-lora" 3.08439
14.43 16.5152 "qlora" 4.84907
EOD
$reparameterized << EOD
10.529 29.0041 "adalora" 4.35304
11.37 24.4907 "boft" 2.36902
14.919 21.7438 "delta-lora" 3.06611
10.786 23.6704 "dora" 4.89909
9.511 33.3657 "dylora" 2.44223
10.432 28.9003 "fourierft" 4.97603
9.512 24.7162 "loha" 3.02545
9.977 26.8531 "lokr" 2.21162
8.441 21.7243 "lora" 2.68126
26.477 25.9301 "lora-dropout" 4.25363
9.791 26.2208 "lora-fa" 4.00953
15.871 22.5655 "lora-plus" 2.97207
10.519 25.2982 "oft" 3.72213
24.184 21.5767 "olora" 2.8071
23.236 24.3505 "periodic-lora" 3.33844
9.411 21.036 "pissa" 3.65996
9.275 22.515 "rslora" 3.11834
40.009 27.9632 "said" 1.33921
10.504 25.9069 "sora" 2.83187
10.148 26.8336 "vera" 6.30677
EOD
$scaling << EOD
16.535 24.5296 "ia3" 3.99791
53.228 22.3302 "propulsion" 3.39537
24.939 24.2308 "ssf" 3.12662
EOD
$selective << EOD
21.072 19.9593 "attn-only" 2.9617
9.696 29.4959 "bitfit" 4.5512
31.561 15.4219 "child-tuning" 2.03591
17.383 21.4839 "diff-pruning" 5.88877
17.454 14.837 "far" 2.62786
13.506 24.4538 "fishmask" 6.4835
9.916 25.9555 "ln-tuning" 3.55002
22.782 21.096 "lt-sft" 1.41016
13.724 25.2335 "pafi" 6.40303
6.375 20.9526 "partial" 3.26092
14.03 21.8122 "rocoft" 4.61728
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
         $adapter using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#ff7f0e' title 'adapter', \
         $adapter using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#ff7f0e' notitle, \
         $baseline using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#000000' title 'baseline', \
         $baseline using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#000000' notitle, \
         $hybrid using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#8c564b' title 'hybrid', \
         $hybrid using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#8c564b' notitle, \
         $mixture using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#17becf' title 'mixture', \
         $mixture using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#17becf' notitle, \
         $prompt using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#2ca02c' title 'prompt', \
         $prompt using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#2ca02c' notitle, \
         $quantized using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#e377c2' title 'quantized', \
         $quantized using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#e377c2' notitle, \
         $reparameterized using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#9467bd' title 'reparameterized', \
         $reparameterized using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#9467bd' notitle, \
         $scaling using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#d62728' title 'scaling', \
         $scaling using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#d62728' notitle, \
         $selective using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#1f77b4' title 'selective', \
         $selective using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#1f77b4' notitle
    unset output
}
