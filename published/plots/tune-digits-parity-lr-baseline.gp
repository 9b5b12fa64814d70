# digits-parity: validation accuracy (higher is better) against learning rate (baseline)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-parity-lr-baseline.gp" writes tune-digits-parity-lr-baseline.png and tune-digits-parity-lr-baseline.svg.
$r0 << EOD
0.0002 0.6898
0.000632 0.7083
0.002 0.7176
0.00632 0.8009
0.02 0.7639
EOD
$r1 << EOD
0.001 0.6528
0.00316 0.6898
0.01 0.7269
0.0316 0.7546
0.1 0.7731
0.316 0.7639
EOD

set title "digits-parity: validation accuracy (higher is better) against learning rate (baseline)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-parity-lr-baseline.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'full', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'head'
    unset output
}
