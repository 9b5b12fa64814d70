# nouns8: validation accuracy (higher is better) against learning rate (scaling)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-scaling.gp" writes tune-nouns8-lr-scaling.png and tune-nouns8-lr-scaling.svg.
$r0 << EOD
0.001 0.1771
0.00316 0.2422
0.01 0.2708
0.0316 0.3776
0.1 0.4219
0.316 0.2188
EOD
$r1 << EOD
0.001 0.2552
0.00316 0.349
0.01 0.4661
0.0316 0.2786
0.1 0.1484
EOD
$r2 << EOD
0.001 0.2318
0.00316 0.2995
0.01 0.3698
0.0316 0.3828
0.1 0.1719
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (scaling)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-scaling.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'ia3', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'propulsion', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'ssf'
    unset output
}
