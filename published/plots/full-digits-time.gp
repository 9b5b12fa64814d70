# digits: accuracy (higher is better) against training time (s)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-time.gp" writes full-digits-time.png and full-digits-time.svg.
$front << EOD
3.942 0.755567
5.351 0.85
7.987 0.930567
9.647 0.935167
10.954 0.937933
11.156 0.944433
13.636 0.956467
13.746 0.962033
86.911 0.962033
EOD
$adapter << EOD
10.309 0.819433 "adapterdrop" 0.0300338
17.592 0.8389 "adaptformer" 0.0248377
11.881 0.862033 "compacter" 0.0469261
10.595 0.894433 "houlsby" 0.0207427
24.236 0.897233 "lst" 0.023808
9.243 0.854633 "parallel" 0.0641159
9.266 0.845367 "pfeiffer" 0.0695081
36.976 0.8611 "scaled-parallel" 0.083965
44.338 0.874067 "sparse-adapter" 0.0522404
EOD
$baseline << EOD
13.746 0.962033 "full" 0.0354513
3.942 0.755567 "head" 0.0239514
EOD
$hybrid << EOD
7.772 0.8463 "glora" 0.0211415
12.556 0.889833 "mam" 0.0552939
5.351 0.85 "propetl" 0.0316306
26.337 0.926867 "rosa" 0.0160632
10.296 0.926867 "s4" 0.0311166
16.596 0.855567 "unified" 0.045232
19.336 0.9009 "unipelt" 0.017373
EOD
$mixture << EOD
32.03 0.8241 "adamix" 0.0222174
7.987 0.930567 "hydralora" 0.00683176
80.716 0.945367 "molora" 0.0391725
26.124 0.905567 "moslora" 0.0276982
31.429 0.9065 "mov" 0.0379325
EOD
$multitask << EOD
18.635 0.8574 "adapterfusion" 0.0353141
7.606 0.7815 "spot" 0.017373
EOD
$prompt << EOD
36.742 0.9324 "dept" 0.0104894
32.341 0.7815 "lpt" 0.017373
23.702 0.769467 "p-tuning" 0.0300338
11.377 0.866667 "p-tuning-v2" 0.03643
10.872 0.871267 "prefix-tuning" 0.00401581
14.672 0.803733 "prompt-tuning" 0.0278648
53.145 0.798133 "vpt-deep" 0.0287198
29.398 0.787033 "xprompt" 0.0311166
EOD
$quantized << EOD
27.248 0.9593 "bitdelta" 0.0159198
23.728 0.960167 "loftq" 0.00803162
49.735 0.944433 "lq-lora" 0.011904
69.589 0.9176 "peqa" 0.0392745
31.021 0.9167 "qa-lora" 0.0316306
15.517 0.9509 "qlora" 0.017373
EOD
$reparameterized << EOD
11.848 0.9 "adalora" 0.0139112
12.458 0.910167 "boft" 0.0397278
10.519 0.926867 "delta-lora" 0.0380603
9.647 0.935167 "dora" 0.00803162
18.518 0.798167 "dylora" 0.0459333
11.593 0.887933 "fourierft" 0.0459333
10.791 0.913 "loha" 0.0318396
10.324 0.912967 "lokr" 0.0106248
10.304 0.9148 "lora" 0.0318396
20.009 0.9204 "lora-dropout" 0.0222174
10.148 0.9009 "lora-fa" 0.0489678
20.379 0.9259 "lora-plus" 0.0448805
11.396 0.908333 "oft" 0.0137872
22.964 0.911067 "olora" 0.0358554
18.833 0.9009 "periodic-lora" 0.0222174
9.824 0.912967 "pissa" 0.0210058
10.954 0.937933 "rslora" 0.01434
86.911 0.890733 "said" 0.0354191
20.528 0.905533 "sora" 0.0316036
10.123 0.904633 "vera" 0.0211142
EOD
$scaling << EOD
16.884 0.9009 "ia3" 0.017373
32.482 0.905567 "propulsion" 0.0182619
27.695 0.9037 "ssf" 0.0104894
EOD
$selective << EOD
11.156 0.944433 "attn-only" 0.0137872
10.859 0.8639 "bitfit" 0.0384817
13.636 0.956467 "child-tuning" 0.0078882
25.762 0.7111 "diff-pruning" 0.148425
19.885 0.958333 "far" 0.0301762
13.037 0.887033 "fishmask" 0.0469261
20.244 0.9009 "ln-tuning" 0.0489678
30.093 0.8778 "lt-sft" 0.0538955
14.013 0.887967 "pafi" 0.0210058
17.32 0.865733 "partial" 0.01434
26.556 0.915733 "rocoft" 0.0173896
EOD

set title "digits: accuracy (higher is better) against training time (s)" noenhanced
set xlabel 'training time (s)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-time.".fmt
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
