# digits-ddpm: frechet (lower is better) against trained parameters (method + task head)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-ddpm-params.gp" writes full-digits-ddpm-params.png and full-digits-ddpm-params.svg.
$front << EOD
260 36.3431
772 28.9003
836 19.099
30980 18.6373
37124 16.4745
207620 14.6913
419716 14.6913
EOD
$adapter << EOD
4644 29.1237 "adapterdrop" 0.439835
4644 22.091 "adaptformer" 2.04406
2052 29.1548 "compacter" 3.77111
9028 24.1483 "houlsby" 2.08793
18631 37.5394 "lst" 1.63363
4644 21.3814 "parallel" 3.66389
4644 24.7691 "pfeiffer" 0.953235
4648 21.0063 "scaled-parallel" 3.48212
4676 25.6701 "sparse-adapter" 3.90143
EOD
$baseline << EOD
260 48.487 "frozen" 0
209988 15.2339 "full" 2.99973
260 36.3431 "head" 6.97873
EOD
$hybrid << EOD
51044 34.7511 "glora" 0.88144
46724 19.3272 "mam" 2.25983
5452 26.7608 "propetl" 2.16628
37124 16.5367 "rosa" 3.95445
12124 21.9802 "s4" 3.31224
4644 21.0287 "unified" 4.64485
51568 20.6062 "unipelt" 3.68559
EOD
$mixture << EOD
10884 29.865 "adamix" 3.72705
18180 20.131 "hydralora" 3.89894
207620 14.6913 "molora" 4.29132
8964 24.9686 "moslora" 3.70039
30980 18.6373 "mov" 3.22856
EOD
$prompt << EOD
836 19.099 "dept" 0.820143
772 32.7407 "lpt" 2.71917
13252 32.8196 "p-tuning" 1.05121
4356 23.7858 "p-tuning-v2" 4.91593
38212 21.222 "prefix-tuning" 0.621757
772 30.5762 "prompt-tuning" 3.18335
2308 28.4351 "vpt-deep" 3.01939
772 32.1834 "xprompt" 2.33346
EOD
$quantized << EOD
210012 16.6696 "bitdelta" 2.56327
37124 16.4745 "loftq" 4.36453
37124 16.7356 "lq-lora" 3.4537
2564 23.3284 "peqa" 3.03131
19844 21.7126 "qa-lora" 3.08439
37124 16.5152 "qlora" 4.84907
EOD
$reparameterized << EOD
12644 29.0041 "adalora" 4.35304
3844 24.4907 "boft" 2.36902
8452 21.7438 "delta-lora" 3.06611
8964 23.6704 "dora" 4.89909
8452 33.3657 "dylora" 2.44223
772 28.9003 "fourierft" 4.97603
8452 24.7162 "loha" 3.02545
1284 26.8531 "lokr" 2.21162
8452 21.7243 "lora" 2.68126
8452 25.9301 "lora-dropout" 4.25363
4356 26.2208 "lora-fa" 4.00953
8452 22.5655 "lora-plus" 2.97207
2052 25.2982 "oft" 3.72213
8452 21.5767 "olora" 2.8071
8452 24.3505 "periodic-lora" 3.33844
8452 21.036 "pissa" 3.65996
8452 22.515 "rslora" 3.11834
836 27.9632 "said" 1.33921
8516 25.9069 "sora" 2.83187
1284 26.8336 "vera" 6.30677
EOD
$scaling << EOD
1796 24.5296 "ia3" 3.99791
2564 22.3302 "propulsion" 3.39537
6020 24.2308 "ssf" 3.12662
EOD
$selective << EOD
66820 19.9593 "attn-only" 2.9617
3204 29.4959 "bitfit" 4.5512
209988 15.4219 "child-tuning" 2.03591
419716 21.4839 "diff-pruning" 5.88877
209988 14.837 "far" 2.62786
1308 24.4538 "fishmask" 6.4835
1412 25.9555 "ln-tuning" 3.55002
209988 21.096 "lt-sft" 1.41016
1259 25.2335 "pafi" 6.40303
50372 20.9526 "partial" 3.26092
7172 21.8122 "rocoft" 4.61728
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
