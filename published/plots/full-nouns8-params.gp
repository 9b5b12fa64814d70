# nouns8: accuracy (higher is better) against trained parameters (method + task head)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-nouns8-params.gp" writes full-nouns8-params.png and full-nouns8-params.svg.
$front << EOD
1032 0.2474
1544 0.315633
2568 0.347933
3336 0.3599
3592 0.396867
4997 0.3979
9224 0.4047
62472 0.413533
415752 0.4177
1.66964e+06 0.4177
EOD
$adapter << EOD
9768 0.325 "adapterdrop" 0.0855904
9768 0.3354 "adaptformer" 0.0544185
4360 0.305733 "compacter" 0.059304
18504 0.322933 "houlsby" 0.103395
72587 0.281233 "lst" 0.0550797
9768 0.311967 "parallel" 0.0484543
9768 0.367167 "pfeiffer" 0.0616398
9772 0.3307 "scaled-parallel" 0.0677978
9800 0.386967 "sparse-adapter" 0.0146213
EOD
$baseline << EOD
835336 0.415633 "full" 0.0538493
1032 0.2474 "head" 0.0311262
EOD
$hybrid << EOD
102504 0.216667 "glora" 0.0739215
167624 0.2526 "mam" 0.0704414
11408 0.343233 "propetl" 0.0722236
74760 0.3906 "rosa" 0.0821551
24736 0.3302 "s4" 0.0135812
9768 0.316133 "unified" 0.132511
177332 0.298467 "unipelt" 0.060524
EOD
$mixture << EOD
22152 0.2776 "adamix" 0.0223738
36872 0.3474 "hydralora" 0.0703866
415752 0.4177 "molora" 0.0910439
17928 0.328133 "moslora" 0.109271
62472 0.413533 "mov" 0.0436427
EOD
$prompt << EOD
2312 0.203633 "dept" 0.0412354
2056 0.2703 "lpt" 0.0564949
51592 0.229167 "p-tuning" 0.021462
9224 0.256267 "p-tuning-v2" 0.0139518
150664 0.196333 "prefix-tuning" 0.0766292
2056 0.236467 "prompt-tuning" 0.0396579
5128 0.2578 "vpt-deep" 0.0602146
2056 0.228667 "xprompt" 0.0113303
EOD
$quantized << EOD
835360 0.370333 "bitdelta" 0.044836
74760 0.385933 "loftq" 0.0867179
74760 0.3573 "lq-lora" 0.0548905
5640 0.370833 "peqa" 0.0338302
40200 0.341667 "qa-lora" 0.0388204
74760 0.389567 "qlora" 0.102572
EOD
$reparameterized << EOD
25704 0.318767 "adalora" 0.0470423
8200 0.395333 "boft" 0.10861
17416 0.3552 "delta-lora" 0.0441674
18440 0.378667 "dora" 0.0728434
17416 0.252067 "dylora" 0.0666737
1544 0.315633 "fourierft" 0.110883
17416 0.360933 "loha" 0.0280414
3592 0.396867 "lokr" 0.0375313
17416 0.337467 "lora" 0.11109
17416 0.3073 "lora-dropout" 0.0954824
9224 0.4047 "lora-fa" 0.0394446
17416 0.398933 "lora-plus" 0.0377085
4616 0.375033 "oft" 0.0403015
17416 0.339067 "olora" 0.123499
17416 0.3495 "periodic-lora" 0.108799
17416 0.332833 "pissa" 0.149219
17416 0.3776 "rslora" 0.0285449
1608 0.228133 "said" 0.0448036
17480 0.3219 "sora" 0.117822
2568 0.347933 "vera" 0.0124933
EOD
$scaling << EOD
4104 0.367167 "ia3" 0.0578982
5640 0.3823 "propulsion" 0.0898774
12552 0.349467 "ssf" 0.129934
EOD
$selective << EOD
265224 0.404667 "attn-only" 0.0676472
6792 0.291133 "bitfit" 0.0997672
835336 0.360967 "child-tuning" 0.0990764
1.66964e+06 0.145833 "diff-pruning" 0.0199124
835336 0.4068 "far" 0.0822441
5203 0.2495 "fishmask" 0.0883348
3336 0.3599 "ln-tuning" 0.0227241
835336 0.203633 "lt-sft" 0.0818433
4997 0.3979 "pafi" 0.045063
199560 0.345833 "partial" 0.145788
14856 0.333867 "rocoft" 0.0799029
EOD

set title "nouns8: accuracy (higher is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-nouns8-params.".fmt
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
