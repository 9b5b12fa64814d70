# nouns8: validation accuracy (higher is better) against learning rate (hybrid)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-hybrid.gp" writes tune-nouns8-lr-hybrid.png and tune-nouns8-lr-hybrid.svg.
$r0 << EOD
0.001 0.1875
0.00316 0.2396
0.01 0.2214
0.0316 0.1302
0.1 0.1198
EOD
$r1 << EOD
0.000316 0.2057
0.001 0.3073
0.00316 0.3047
0.01 0.1484
0.0316 0.138
0.1 0.1406
EOD
$r2 << EOD
0.001 0.1875
0.00316 0.2266
0.01 0.2734
0.0316 0.3281
0.1 0.2839
EOD
$r3 << EOD
0.001 0.375
0.00316 0.4401
0.01 0.1302
0.0316 0.1432
0.1 0.1172
EOD
$r4 << EOD
0.001 0.2448
0.00316 0.3464
0.01 0.3646
0.0316 0.2292
0.1 0.2005
EOD
$r5 << EOD
0.001 0.2839
0.00316 0.3229
0.01 0.3906
0.0316 0.2109
0.1 0.1276
EOD
$r6 << EOD
0.001 0.2526
0.00316 0.3255
0.01 0.3203
0.0316 0.1719
0.1 0.1745
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (hybrid)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-hybrid.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'glora', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'mam', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'propetl', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'rosa', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 's4', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'unified', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'unipelt'
    unset output
}
