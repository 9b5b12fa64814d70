# nouns8: accuracy (higher is better) against training time (s)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-nouns8-time.gp" writes full-nouns8-time.png and full-nouns8-time.svg.
$front << EOD
14.733 0.2474
20.137 0.3474
27.323 0.367167
27.333 0.378667
27.465 0.4047
45.388 0.415633
104.954 0.4177
136.641 0.4177
EOD
$adapter << EOD
31.421 0.325 "adapterdrop" 0.0855904
84.957 0.3354 "adaptformer" 0.0544185
32.152 0.305733 "compacter" 0.059304
29.233 0.322933 "houlsby" 0.103395
36.162 0.281233 "lst" 0.0550797
27.685 0.311967 "parallel" 0.0484543
27.323 0.367167 "pfeiffer" 0.0616398
98.353 0.3307 "scaled-parallel" 0.0677978
77.747 0.386967 "sparse-adapter" 0.0146213
EOD
$baseline << EOD
45.388 0.415633 "full" 0.0538493
14.733 0.2474 "head" 0.0311262
EOD
$hybrid << EOD
22.858 0.216667 "glora" 0.0739215
30.515 0.2526 "mam" 0.0704414
22.089 0.343233 "propetl" 0.0722236
66.135 0.3906 "rosa" 0.0821551
24.904 0.3302 "s4" 0.0135812
43.364 0.316133 "unified" 0.132511
46.685 0.298467 "unipelt" 0.060524
EOD
$mixture << EOD
85.834 0.2776 "adamix" 0.0223738
20.137 0.3474 "hydralora" 0.0703866
104.954 0.4177 "molora" 0.0910439
55 0.328133 "moslora" 0.109271
71.451 0.413533 "mov" 0.0436427
EOD
$prompt << EOD
92.864 0.203633 "dept" 0.0412354
66.589 0.2703 "lpt" 0.0564949
65.442 0.229167 "p-tuning" 0.021462
32.872 0.256267 "p-tuning-v2" 0.0139518
31.486 0.196333 "prefix-tuning" 0.0766292
33.901 0.236467 "prompt-tuning" 0.0396579
89.017 0.2578 "vpt-deep" 0.0602146
92.231 0.228667 "xprompt" 0.0113303
EOD
$quantized << EOD
69.449 0.370333 "bitdelta" 0.044836
35.888 0.385933 "loftq" 0.0867179
69.63 0.3573 "lq-lora" 0.0548905
57.832 0.370833 "peqa" 0.0338302
51.343 0.341667 "qa-lora" 0.0388204
42.162 0.389567 "qlora" 0.102572
EOD
$reparameterized << EOD
27.579 0.318767 "adalora" 0.0470423
31.727 0.395333 "boft" 0.10861
29.052 0.3552 "delta-lora" 0.0441674
27.333 0.378667 "dora" 0.0728434
55.752 0.252067 "dylora" 0.0666737
31.523 0.315633 "fourierft" 0.110883
30.663 0.360933 "loha" 0.0280414
31.351 0.396867 "lokr" 0.0375313
26.018 0.337467 "lora" 0.11109
87.784 0.3073 "lora-dropout" 0.0954824
27.465 0.4047 "lora-fa" 0.0394446
56.893 0.398933 "lora-plus" 0.0377085
29.491 0.375033 "oft" 0.0403015
51.528 0.339067 "olora" 0.123499
82.202 0.3495 "periodic-lora" 0.108799
26.211 0.332833 "pissa" 0.149219
27.769 0.3776 "rslora" 0.0285449
136.641 0.228133 "said" 0.0448036
25.596 0.3219 "sora" 0.117822
28.501 0.347933 "vera" 0.0124933
EOD
$scaling << EOD
43.981 0.367167 "ia3" 0.0578982
88.253 0.3823 "propulsion" 0.0898774
63.479 0.349467 "ssf" 0.129934
EOD
$selective << EOD
55.905 0.404667 "attn-only" 0.0676472
34.888 0.291133 "bitfit" 0.0997672
73.891 0.360967 "child-tuning" 0.0990764
51.447 0.145833 "diff-pruning" 0.0199124
56.308 0.4068 "far" 0.0822441
41.976 0.2495 "fishmask" 0.0883348
32.055 0.3599 "ln-tuning" 0.0227241
108.161 0.203633 "lt-sft" 0.0818433
47.029 0.3979 "pafi" 0.045063
21.285 0.345833 "partial" 0.145788
56.164 0.333867 "rocoft" 0.0799029
EOD

set title "nouns8: accuracy (higher is better) against training time (s)" noenhanced
set xlabel 'training time (s)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-nouns8-time.".fmt
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
