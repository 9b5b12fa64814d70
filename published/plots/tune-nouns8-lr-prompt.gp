# nouns8: validation accuracy (higher is better) against learning rate (prompt)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-prompt.gp" writes tune-nouns8-lr-prompt.png and tune-nouns8-lr-prompt.svg.
$r0 << EOD
0.001 0.1745
0.00316 0.2161
0.01 0.1875
0.0316 0.1771
0.1 0.1615
EOD
$r1 << EOD
0.001 0.1797
0.00316 0.1875
0.01 0.1927
0.0316 0.2188
0.1 0.263
0.316 0.2005
EOD
$r2 << EOD
0.001 0.1719
0.00316 0.1979
0.01 0.2135
0.0316 0.224
0.1 0.2214
EOD
$r3 << EOD
0.001 0.1797
0.00316 0.1875
0.01 0.2057
0.0316 0.2448
0.1 0.2188
EOD
$r4 << EOD
0.000316 0.1745
0.001 0.2266
0.00316 0.2161
0.01 0.1458
0.0316 0.1667
0.1 0.1328
EOD
$r5 << EOD
0.001 0.1771
0.00316 0.1771
0.01 0.1875
0.0316 0.1953
0.1 0.2526
0.316 0.2135
EOD
$r6 << EOD
0.001 0.1953
0.00316 0.2109
0.01 0.1927
0.0316 0.2708
0.1 0.1927
EOD
$r7 << EOD
0.001 0.1745
0.00316 0.1953
0.01 0.1771
0.0316 0.1875
0.1 0.2057
0.316 0.1849
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (prompt)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-prompt.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'dept', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'lpt', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'p-tuning', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'p-tuning-v2', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'prefix-tuning', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'prompt-tuning', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'vpt-deep', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'xprompt'
    unset output
}
