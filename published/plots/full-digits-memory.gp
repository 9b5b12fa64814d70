# digits: accuracy (higher is better) against peak training memory (MB of tensors)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-memory.gp" writes full-digits-memory.png and full-digits-memory.svg.
$front << EOD
3.34754 0.755567
6.91596 0.865733
8.29914 0.897233
13.8047 0.9009
14.7283 0.912967
14.9249 0.935167
14.9659 0.937933
16.2684 0.944433
21.6424 0.960167
22.4531 0.962033
35.4269 0.962033
EOD
$adapter << EOD
11.9543 0.819433 "adapterdrop" 0.0300338
11.3973 0.8389 "adaptformer" 0.0248377
14.8702 0.862033 "compacter" 0.0469261
14.8878 0.894433 "houlsby" 0.0207427
8.29914 0.897233 "lst" 0.023808
12.2329 0.854633 "parallel" 0.0641159
11.9543 0.845367 "pfeiffer" 0.0695081
13.0685 0.8611 "scaled-parallel" 0.083965
12.0959 0.874067 "sparse-adapter" 0.0522404
EOD
$baseline << EOD
22.4531 0.962033 "full" 0.0354513
3.34754 0.755567 "head" 0.0239514
EOD
$hybrid << EOD
21.6803 0.8463 "glora" 0.0211415
16.8248 0.889833 "mam" 0.0552939
11.9874 0.85 "propetl" 0.0316306
22.6971 0.926867 "rosa" 0.0160632
16.4435 0.926867 "s4" 0.0311166
12.2329 0.855567 "unified" 0.045232
21.0639 0.9009 "unipelt" 0.017373
EOD
$mixture << EOD
22 0.8241 "adamix" 0.0222174
17.3764 0.930567 "hydralora" 0.00683176
35.4269 0.945367 "molora" 0.0391725
15.2485 0.905567 "moslora" 0.0276982
30.4303 0.9065 "mov" 0.0379325
EOD
$multitask << EOD
24.4893 0.8574 "adapterfusion" 0.0353141
21.1063 0.7815 "spot" 0.017373
EOD
$prompt << EOD
17.3877 0.9324 "dept" 0.0104894
12.4023 0.7815 "lpt" 0.017373
21.2102 0.769467 "p-tuning" 0.0300338
15.1461 0.866667 "p-tuning-v2" 0.03643
15.4251 0.871267 "prefix-tuning" 0.00401581
21.1063 0.803733 "prompt-tuning" 0.0278648
21.1186 0.798133 "vpt-deep" 0.0287198
21.1063 0.787033 "xprompt" 0.0311166
EOD
$quantized << EOD
23.2397 0.9593 "bitdelta" 0.0159198
21.6424 0.960167 "loftq" 0.00803162
21.6424 0.944433 "lq-lora" 0.011904
24.39 0.9176 "peqa" 0.0392745
15.3688 0.9167 "qa-lora" 0.0316306
21.6424 0.9509 "qlora" 0.017373
EOD
$reparameterized << EOD
15.2124 0.9 "adalora" 0.0139112
15.2075 0.910167 "boft" 0.0397278
15.097 0.926867 "delta-lora" 0.0380603
14.9249 0.935167 "dora" 0.00803162
14.9946 0.798167 "dylora" 0.0459333
14.7242 0.887933 "fourierft" 0.0459333
15.0478 0.913 "loha" 0.0318396
14.7283 0.912967 "lokr" 0.0106248
14.9659 0.9148 "lora" 0.0318396
14.9987 0.9204 "lora-dropout" 0.0222174
13.819 0.9009 "lora-fa" 0.0489678
14.9659 0.9259 "lora-plus" 0.0448805
14.9556 0.908333 "oft" 0.0137872
14.9659 0.911067 "olora" 0.0358554
14.9659 0.9009 "periodic-lora" 0.0222174
14.9659 0.912967 "pissa" 0.0210058
14.9659 0.937933 "rslora" 0.01434
22.4168 0.890733 "said" 0.0354191
14.9828 0.905533 "sora" 0.0316036
15.1215 0.904633 "vera" 0.0211142
EOD
$scaling << EOD
22.4339 0.9009 "ia3" 0.017373
24.4251 0.905567 "propulsion" 0.0182619
26.6477 0.9037 "ssf" 0.0104894
EOD
$selective << EOD
16.2684 0.944433 "attn-only" 0.0137872
13.819 0.8639 "bitfit" 0.0384817
22.4531 0.956467 "child-tuning" 0.0078882
24.0654 0.7111 "diff-pruning" 0.148425
22.5005 0.958333 "far" 0.0301762
22.4531 0.887033 "fishmask" 0.0469261
13.8047 0.9009 "ln-tuning" 0.0489678
22.4531 0.8778 "lt-sft" 0.0538955
22.4234 0.887967 "pafi" 0.0210058
6.91596 0.865733 "partial" 0.01434
20.5423 0.915733 "rocoft" 0.0173896
EOD

set title "digits: accuracy (higher is better) against peak training memory (MB of tensors)" noenhanced
set xlabel 'peak training memory (MB of tensors)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-memory.".fmt
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
