# nouns8: validation accuracy (higher is better) against learning rate (mixture)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-mixture.gp" writes tune-nouns8-lr-mixture.png and tune-nouns8-lr-mixture.svg.
$r0 << EOD
0.001 0.2031
0.00316 0.2318
0.01 0.2708
0.0316 0.1406
0.1 0.1276
EOD
$r1 << EOD
0.001 0.3203
0.00316 0.4375
0.01 0.3646
0.0316 0.2057
0.1 0.1979
EOD
$r2 << EOD
0.001 0.4245
0.00316 0.487
0.01 0.1589
0.0316 0.125
0.1 0.1146
EOD
$r3 << EOD
0.001 0.2422
0.00316 0.3568
0.01 0.3385
0.0316 0.1927
0.1 0.2005
EOD
$r4 << EOD
0.001 0.1771
0.00316 0.2396
0.01 0.3125
0.0316 0.4479
0.1 0.4349
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (mixture)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-mixture.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adamix', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'hydralora', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'molora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'moslora', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'mov'
    unset output
}
