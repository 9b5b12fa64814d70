# nouns8: accuracy (higher is better) against peak training memory (MB of tensors)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-nouns8-memory.gp" writes full-nouns8-memory.png and full-nouns8-memory.svg.
$front << EOD
11.5426 0.2474
27.0629 0.345833
47.5718 0.367167
47.8425 0.386967
55.2429 0.4047
88.8705 0.415633
109.13 0.4177
116.945 0.4177
EOD
$adapter << EOD
47.5718 0.325 "adapterdrop" 0.0855904
45.4747 0.3354 "adaptformer" 0.0544185
57.775 0.305733 "compacter" 0.059304
57.8162 0.322933 "houlsby" 0.103395
35.0732 0.281233 "lst" 0.0550797
48.6204 0.311967 "parallel" 0.0484543
47.5718 0.367167 "pfeiffer" 0.0616398
51.7662 0.3307 "scaled-parallel" 0.0677978
47.8425 0.386967 "sparse-adapter" 0.0146213
EOD
$baseline << EOD
88.8705 0.415633 "full" 0.0538493
11.5426 0.2474 "head" 0.0311262
EOD
$hybrid << EOD
84.891 0.216667 "glora" 0.0739215
62.7038 0.2526 "mam" 0.0704414
47.6382 0.343233 "propetl" 0.0722236
88.5454 0.3906 "rosa" 0.0821551
62.1177 0.3302 "s4" 0.0135812
48.6204 0.316133 "unified" 0.132511
77.9704 0.298467 "unipelt" 0.060524
EOD
$mixture << EOD
88.3708 0.2776 "adamix" 0.0223738
64.0493 0.3474 "hydralora" 0.0703866
109.13 0.4177 "molora" 0.0910439
60.0311 0.328133 "moslora" 0.109271
116.945 0.413533 "mov" 0.0436427
EOD
$prompt << EOD
59.7669 0.203633 "dept" 0.0412354
37.2532 0.2703 "lpt" 0.0564949
64.2735 0.229167 "p-tuning" 0.021462
56.8157 0.256267 "p-tuning-v2" 0.0139518
57.9636 0.196333 "prefix-tuning" 0.0766292
63.869 0.236467 "prompt-tuning" 0.0396579
63.8936 0.2578 "vpt-deep" 0.0602146
63.869 0.228667 "xprompt" 0.0113303
EOD
$quantized << EOD
92.0164 0.370333 "bitdelta" 0.044836
83.2472 0.385933 "loftq" 0.0867179
83.2472 0.3573 "lq-lora" 0.0548905
95.5869 0.370833 "peqa" 0.0338302
59.8867 0.341667 "qa-lora" 0.0388204
83.2472 0.389567 "qlora" 0.102572
EOD
$reparameterized << EOD
59.9786 0.318767 "adalora" 0.0470423
60.625 0.395333 "boft" 0.10861
60.027 0.3552 "delta-lora" 0.0441674
59.9123 0.378667 "dora" 0.0728434
59.56 0.252067 "dylora" 0.0666737
59.2446 0.315633 "fourierft" 0.110883
60.4202 0.360933 "loha" 0.0280414
59.261 0.396867 "lokr" 0.0375313
59.5027 0.337467 "lora" 0.11109
59.5682 0.3073 "lora-dropout" 0.0954824
55.2429 0.4047 "lora-fa" 0.0394446
59.5027 0.398933 "lora-plus" 0.0377085
59.9164 0.375033 "oft" 0.0403015
59.5027 0.339067 "olora" 0.123499
59.5027 0.3495 "periodic-lora" 0.108799
59.5027 0.332833 "pissa" 0.149219
59.5027 0.3776 "rslora" 0.0285449
88.5218 0.228133 "said" 0.0448036
59.536 0.3219 "sora" 0.117822
60.3014 0.347933 "vera" 0.0124933
EOD
$scaling << EOD
88.2341 0.367167 "ia3" 0.0578982
95.6571 0.3823 "propulsion" 0.0898774
104.034 0.349467 "ssf" 0.129934
EOD
$selective << EOD
65.1552 0.404667 "attn-only" 0.0676472
55.7651 0.291133 "bitfit" 0.0997672
88.8705 0.360967 "child-tuning" 0.0990764
95.5449 0.145833 "diff-pruning" 0.0199124
89.0338 0.4068 "far" 0.0822441
88.8705 0.2495 "fishmask" 0.0883348
55.7374 0.3599 "ln-tuning" 0.0227241
88.8705 0.203633 "lt-sft" 0.0818433
88.5397 0.3979 "pafi" 0.045063
27.0629 0.345833 "partial" 0.145788
81.0087 0.333867 "rocoft" 0.0799029
EOD

set title "nouns8: accuracy (higher is better) against peak training memory (MB of tensors)" noenhanced
set xlabel 'peak training memory (MB of tensors)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-nouns8-memory.".fmt
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
