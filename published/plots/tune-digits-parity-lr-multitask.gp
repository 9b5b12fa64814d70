# digits-parity: validation accuracy (higher is better) against learning rate (multitask)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-parity-lr-multitask.gp" writes tune-digits-parity-lr-multitask.png and tune-digits-parity-lr-multitask.svg.
$r0 << EOD
0.001 0.6806
0.00316 0.6852
0.01 0.6713
0.0316 0.662
0.1 0.6019
EOD
$r1 << EOD
0.001 0.625
0.00316 0.6713
0.01 0.6759
0.0316 0.6898
0.1 0.6806
EOD

set title "digits-parity: validation accuracy (higher is better) against learning rate (multitask)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-parity-lr-multitask.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adapterfusion', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'spot'
    unset output
}
