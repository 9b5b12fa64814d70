# nouns8: validation accuracy (higher is better) against learning rate (adapter)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-adapter.gp" writes tune-nouns8-lr-adapter.png and tune-nouns8-lr-adapter.svg.
$r0 << EOD
0.001 0.1927
0.00316 0.2682
0.01 0.237
0.0316 0.3099
0.1 0.1875
EOD
$r1 << EOD
0.001 0.1953
0.00316 0.2266
0.01 0.2604
0.0316 0.3594
0.1 0.2604
EOD
$r2 << EOD
0.001 0.1927
0.00316 0.2292
0.01 0.3021
0.0316 0.2812
0.1 0.1901
EOD
$r3 << EOD
0.001 0.2318
0.00316 0.3177
0.01 0.3464
0.0316 0.3281
0.1 0.1562
EOD
$r4 << EOD
0.001 0.3229
0.00316 0.3542
0.01 0.1901
0.0316 0.125
0.1 0.1589
EOD
$r5 << EOD
0.001 0.2344
0.00316 0.2917
0.01 0.3464
0.0316 0.3854
0.1 0.2865
EOD
$r6 << EOD
0.001 0.2161
0.00316 0.2682
0.01 0.3047
0.0316 0.3828
0.1 0.3438
EOD
$r7 << EOD
0.001 0.2344
0.00316 0.2891
0.01 0.3307
0.0316 0.3594
0.1 0.2344
EOD
$r8 << EOD
0.001 0.2031
0.00316 0.2422
0.01 0.3099
0.0316 0.349
0.1 0.3411
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (adapter)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-adapter.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adapterdrop', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'adaptformer', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'compacter', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'houlsby', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'lst', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'parallel', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'pfeiffer', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'scaled-parallel', \
         $r8 with linespoints lw 2 pt 7 dt 4 title 'sparse-adapter'
    unset output
}
