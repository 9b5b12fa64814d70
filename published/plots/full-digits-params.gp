# digits: accuracy (higher is better) against trained parameters (method + task head)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-params.gp" writes full-digits-params.png and full-digits-params.svg.
$front << EOD
650 0.755567
1162 0.887933
1226 0.890733
1230 0.9324
8842 0.937933
37514 0.960167
202186 0.962033
403722 0.962033
EOD
$adapter << EOD
5034 0.819433 "adapterdrop" 0.0300338
5034 0.8389 "adaptformer" 0.0248377
2442 0.862033 "compacter" 0.0469261
9418 0.894433 "houlsby" 0.0207427
19021 0.897233 "lst" 0.023808
5034 0.854633 "parallel" 0.0641159
5034 0.845367 "pfeiffer" 0.0695081
5038 0.8611 "scaled-parallel" 0.083965
5066 0.874067 "sparse-adapter" 0.0522404
EOD
$baseline << EOD
202186 0.962033 "full" 0.0354513
650 0.755567 "head" 0.0239514
EOD
$hybrid << EOD
51434 0.8463 "glora" 0.0211415
47114 0.889833 "mam" 0.0552939
5842 0.85 "propetl" 0.0316306
37514 0.926867 "rosa" 0.0160632
12514 0.926867 "s4" 0.0311166
5034 0.855567 "unified" 0.045232
51958 0.9009 "unipelt" 0.017373
EOD
$mixture << EOD
11274 0.8241 "adamix" 0.0222174
18570 0.930567 "hydralora" 0.00683176
208010 0.945367 "molora" 0.0391725
9354 0.905567 "moslora" 0.0276982
31370 0.9065 "mov" 0.0379325
EOD
$multitask << EOD
50314 0.8574 "adapterfusion" 0.0353141
1162 0.7815 "spot" 0.017373
EOD
$prompt << EOD
1230 0.9324 "dept" 0.0104894
1162 0.7815 "lpt" 0.017373
13642 0.769467 "p-tuning" 0.0300338
4746 0.866667 "p-tuning-v2" 0.03643
38602 0.871267 "prefix-tuning" 0.00401581
1162 0.803733 "prompt-tuning" 0.0278648
2698 0.798133 "vpt-deep" 0.0287198
1162 0.787033 "xprompt" 0.0311166
EOD
$quantized << EOD
202210 0.9593 "bitdelta" 0.0159198
37514 0.960167 "loftq" 0.00803162
37514 0.944433 "lq-lora" 0.011904
2954 0.9176 "peqa" 0.0392745
20234 0.9167 "qa-lora" 0.0316306
37514 0.9509 "qlora" 0.017373
EOD
$reparameterized << EOD
13034 0.9 "adalora" 0.0139112
4234 0.910167 "boft" 0.0397278
8842 0.926867 "delta-lora" 0.0380603
9354 0.935167 "dora" 0.00803162
8842 0.798167 "dylora" 0.0459333
1162 0.887933 "fourierft" 0.0459333
8842 0.913 "loha" 0.0318396
1674 0.912967 "lokr" 0.0106248
8842 0.9148 "lora" 0.0318396
8842 0.9204 "lora-dropout" 0.0222174
4746 0.9009 "lora-fa" 0.0489678
8842 0.9259 "lora-plus" 0.0448805
2442 0.908333 "oft" 0.0137872
8842 0.911067 "olora" 0.0358554
8842 0.9009 "periodic-lora" 0.0222174
8842 0.912967 "pissa" 0.0210058
8842 0.937933 "rslora" 0.01434
1226 0.890733 "said" 0.0354191
8906 0.905533 "sora" 0.0316036
1674 0.904633 "vera" 0.0211142
EOD
$scaling << EOD
2186 0.9009 "ia3" 0.017373
2954 0.905567 "propulsion" 0.0182619
6410 0.9037 "ssf" 0.0104894
EOD
$selective << EOD
67210 0.944433 "attn-only" 0.0137872
3594 0.8639 "bitfit" 0.0384817
202186 0.956467 "child-tuning" 0.0078882
403722 0.7111 "diff-pruning" 0.148425
202186 0.958333 "far" 0.0301762
1657 0.887033 "fishmask" 0.0469261
1802 0.9009 "ln-tuning" 0.0489678
202186 0.8778 "lt-sft" 0.0538955
1649 0.887967 "pafi" 0.0210058
50762 0.865733 "partial" 0.01434
7562 0.915733 "rocoft" 0.0173896
EOD

set title "digits: accuracy (higher is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-params.".fmt
    plot $front with steps lw 1 dt 2 lc rgb '#999999' title 'Pareto front', \
         $adapter using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#ff7f0e' title 'adapter', \
         $adapter using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#ff7f0e' notitle, \
         $baseline using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#000000' title 'baseline', \
         $baseline using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#000000' notitle, \
         $hybrid using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#8c564b' title 'hybrid', \
         $hybrid using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#8c564b' notitle, \
         $mixture using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#17becf' title 'mixture', \
         $mixture using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#17becf' notitle, \
         $multitask using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#7f7f7f' title 'multitask', \
         $multitask using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#7f7f7f' notitle, \
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
