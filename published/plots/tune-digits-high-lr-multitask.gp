# digits-high: validation accuracy (higher is better) against learning rate (multitask)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-high-lr-multitask.gp" writes tune-digits-high-lr-multitask.png and tune-digits-high-lr-multitask.svg.
$r0 << EOD
0.000316 0.7269
0.001 0.7361
0.00316 0.7269
0.01 0.6759
0.0316 0.7037
0.1 0.6991
EOD
$r1 << EOD
0.001 0.6852
0.00316 0.7176
0.01 0.7083
0.0316 0.6713
0.1 0.6528
EOD

set title "digits-high: validation accuracy (higher is better) against learning rate (multitask)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-high-lr-multitask.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adapterfusion', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'spot'
    unset output
}
