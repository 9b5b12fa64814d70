# nouns8: validation accuracy (higher is better) against learning rate (baseline)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-baseline.gp" writes tune-nouns8-lr-baseline.png and tune-nouns8-lr-baseline.svg.
$r0 << EOD
0.0002 0.4479
0.000632 0.4688
0.002 0.388
0.00632 0.2057
0.02 0.1641
EOD
$r1 << EOD
0.001 0.1771
0.00316 0.1953
0.01 0.2344
0.0316 0.224
0.1 0.2266
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (baseline)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-baseline.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'full', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'head'
    unset output
}
