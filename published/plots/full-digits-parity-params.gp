# digits-parity: accuracy (higher is better) against trained parameters (method + task head)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot full-digits-parity-params.gp" writes full-digits-parity-params.png and full-digits-parity-params.svg.
$front << EOD
130 0.695367
8322 0.737967
201666 0.7898
201666 0.7898
EOD
$adapter << EOD
4514 0.6852 "pfeiffer" 0.0889488
EOD
$baseline << EOD
201666 0.7898 "full" 0.0681102
130 0.695367 "head" 0.0354191
EOD
$multitask << EOD
49794 0.706467 "adapterfusion" 0.0346306
642 0.665767 "spot" 0.109629
EOD
$prompt << EOD
642 0.6824 "prompt-tuning" 0.0863455
EOD
$reparameterized << EOD
8322 0.737967 "lora" 0.0703903
EOD

set title "digits-parity: accuracy (higher is better) against trained parameters (method + task head)" noenhanced
set xlabel 'trained parameters (method + task head)'
set ylabel 'accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "full-digits-parity-params.".fmt
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
