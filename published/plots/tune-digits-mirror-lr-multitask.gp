# digits-mirror: validation accuracy (higher is better) against learning rate (multitask)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-mirror-lr-multitask.gp" writes tune-digits-mirror-lr-multitask.png and tune-digits-mirror-lr-multitask.svg.
$r0 << EOD
0.001 0.4907
0.00316 0.5139
0.01 0.5185
0.0316 0.5324
0.1 0.3796
EOD
$r1 << EOD
0.001 0.375
0.00316 0.4028
0.01 0.4028
0.0316 0.3889
0.1 0.4213
0.316 0.4259
1 0.4213
EOD

set title "digits-mirror: validation accuracy (higher is better) against learning rate (multitask)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-mirror-lr-multitask.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adapterfusion', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'spot'
    unset output
}
