# digits-mirror: accuracy (higher is better) against trained parameters (method + task head)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-mirror-params.gp" writes full-digits-mirror-params.png and full-digits-mirror-params.svg.
$front << EOD
650 0.464833
1162 0.473167
5034 0.494433
8842 0.558333
202186 0.612033
202186 0.612033
EOD
$adapter << EOD
5034 0.494433 "pfeiffer" 0.0613055
EOD
$baseline << EOD
202186 0.612033 "full" 0.0808549
650 0.464833 "head" 0.00803162
EOD
$multitask << EOD
50314 0.475 "adapterfusion" 0.0903007
1162 0.473167 "spot" 0.0670406
EOD
$prompt << EOD
1162 0.441667 "prompt-tuning" 0.0778124
EOD
$reparameterized << EOD
8842 0.558333 "lora" 0.00683176
EOD

set title "digits-mirror: accuracy (higher is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-mirror-params.".fmt
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
