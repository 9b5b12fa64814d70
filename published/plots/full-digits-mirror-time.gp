# digits-mirror: accuracy (higher is better) against training time (s)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-mirror-time.gp" writes full-digits-mirror-time.png and full-digits-mirror-time.svg.
$front << EOD
1.209 0.464833
2.494 0.494433
3.905 0.558333
4.035 0.612033
8.263 0.612033
EOD
$adapter << EOD
2.494 0.494433 "pfeiffer" 0.0613055
EOD
$baseline << EOD
4.035 0.612033 "full" 0.0808549
1.209 0.464833 "head" 0.00803162
EOD
$multitask << EOD
8.263 0.475 "adapterfusion" 0.0903007
4.234 0.473167 "spot" 0.0670406
EOD
$prompt << EOD
3.382 0.441667 "prompt-tuning" 0.0778124
EOD
$reparameterized << EOD
3.905 0.558333 "lora" 0.00683176
EOD

set title "digits-mirror: accuracy (higher is better) against training time (s)" noenhanced
set xlabel 'training time (s)'
set ylabel 'accuracy (higher is better)'
unset logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-mirror-time.".fmt
    plot $front with steps lw 1 dt 2 lc rgb '#999999' title 'Pareto front', \
         $adapter using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#ff7f0e' title 'adapter', \
         $adapter using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#ff7f0e' notitle, \
         $baseline using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#000000' title 'baseline', \
         $baseline using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#000000' notitle, \
         $multitask using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#7f7f7f' title 'multitask', \
         $multitask using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#7f7f7f' notitle, \
         $prompt using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#2ca02c' title 'prompt', \
         $prompt using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#2ca02c' notitle, \
         $reparameterized using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '#9467bd' title 'reparameterized', \
         $reparameterized using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '#9467bd' notitle
    unset output
}
