# digits: validation accuracy (higher is better) against learning rate (multitask)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-multitask.gp" writes tune-digits-lr-multitask.png and tune-digits-lr-multitask.svg.
$r0 << EOD
0.001 0.8611
0.00316 0.875
0.01 0.8796
0.0316 0.787
0.1 0.2546
EOD
$r1 << EOD
0.001 0.5556
0.00316 0.6806
0.01 0.7593
0.0316 0.8333
0.1 0.8102
EOD

set title "digits: validation accuracy (higher is better) against learning rate (multitask)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-multitask.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adapterfusion', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'spot'
    unset output
}
