# digits-ddpm: frechet (lower is better) against peak training memory (MB of tensors)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-ddpm-memory.gp" writes full-digits-ddpm-memory.png and full-digits-ddpm-memory.svg.
$front << EOD
0 48.487
3.19696 36.3431
6.51602 20.9526
15.273 19.9593
15.8498 19.3272
16.4737 19.099
20.3213 16.4745
21.277 15.2339
21.3177 14.837
33.4213 14.6913
33.4213 14.6913
EOD
$adapter << EOD
11.2001 29.1237 "adapterdrop" 0.439835
10.6758 22.091 "adaptformer" 2.04406
13.9454 29.1548 "compacter" 3.77111
13.9631 24.1483 "houlsby" 2.08793
7.84136 37.5394 "lst" 1.63363
11.4622 21.3814 "parallel" 3.66389
11.2001 24.7691 "pfeiffer" 0.953235
12.2487 21.0063 "scaled-parallel" 3.48212
11.3355 25.6701 "sparse-adapter" 3.90143
EOD
$baseline << EOD
0 48.487 "frozen" 0
21.277 15.2339 "full" 2.99973
3.19696 36.3431 "head" 6.97873
EOD
$hybrid << EOD
20.4063 34.7511 "glora" 0.88144
15.8498 19.3272 "mam" 2.25983
11.2332 26.7608 "propetl" 2.16628
21.3976 16.5367 "rosa" 3.95445
15.4583 21.9802 "s4" 3.31224
11.4622 21.0287 "unified" 4.64485
19.8466 20.6062 "unipelt" 3.68559
EOD
$mixture << EOD
21.1378 29.865 "adamix" 3.72705
16.2929 20.131 "hydralora" 3.89894
33.4213 14.6913 "molora" 4.29132
14.2859 24.9686 "moslora" 3.70039
28.585 18.6373 "mov" 3.22856
EOD
$prompt << EOD
16.4737 19.099 "dept" 0.820143
11.8529 32.7407 "lpt" 2.71917
20.2635 32.8196 "p-tuning" 1.05121
14.249 23.7858 "p-tuning-v2" 4.91593
14.5281 21.222 "prefix-tuning" 0.621757
20.1595 30.5762 "prompt-tuning" 3.18335
20.1718 28.4351 "vpt-deep" 3.01939
20.1595 32.1834 "xprompt" 2.33346
EOD
$quantized << EOD
22.0636 16.6696 "bitdelta" 2.56327
20.3213 16.4745 "loftq" 4.36453
20.3213 16.7356 "lq-lora" 3.4537
22.8867 23.3284 "peqa" 3.03131
14.4082 21.7126 "qa-lora" 3.08439
20.3213 16.5152 "qlora" 4.84907
EOD
$reparameterized << EOD
14.258 29.0041 "adalora" 4.35304
14.2777 24.4907 "boft" 2.36902
14.1507 21.7438 "delta-lora" 3.06611
13.9951 23.6704 "dora" 4.89909
14.0483 33.3657 "dylora" 2.44223
13.7944 28.9003 "fourierft" 4.97603
14.1179 24.7162 "loha" 3.02545
13.7985 26.8531 "lokr" 2.21162
14.0196 21.7243 "lora" 2.68126
14.0524 25.9301 "lora-dropout" 4.25363
12.9383 26.2208 "lora-fa" 4.00953
14.0196 22.5655 "lora-plus" 2.97207
14.0258 25.2982 "oft" 3.72213
14.0196 21.5767 "olora" 2.8071
14.0196 24.3505 "periodic-lora" 3.33844
14.0196 21.036 "pissa" 3.65996
14.0196 22.515 "rslora" 3.11834
21.1259 27.9632 "said" 1.33921
14.0365 25.9069 "sora" 2.83187
14.1917 26.8336 "vera" 6.30677
EOD
$scaling << EOD
21.0453 24.5296 "ia3" 3.99791
22.9218 22.3302 "propulsion" 3.39537
25.0133 24.2308 "ssf" 3.12662
EOD
$selective << EOD
15.273 19.9593 "attn-only" 2.9617
12.9378 29.4959 "bitfit" 4.5512
21.277 15.4219 "child-tuning" 2.03591
22.9548 21.4839 "diff-pruning" 5.88877
21.3177 14.837 "far" 2.62786
21.277 24.4538 "fishmask" 6.4835
12.9234 25.9555 "ln-tuning" 3.55002
21.277 21.096 "lt-sft" 1.41016
21.1326 25.2335 "pafi" 6.40303
6.51602 20.9526 "partial" 3.26092
19.2676 21.8122 "rocoft" 4.61728
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
