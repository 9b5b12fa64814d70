# nouns8: validation accuracy (higher is better) against learning rate (selective)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-selective.gp" writes tune-nouns8-lr-selective.png and tune-nouns8-lr-selective.svg.
$r0 << EOD
0.0002 0.3776
0.000632 0.4818
0.002 0.4557
0.00632 0.3099
0.02 0.1406
EOD
$r1 << EOD
0.001 0.2005
0.00316 0.2318
0.01 0.2917
0.0316 0.3073
0.1 0.1797
EOD
$r2 << EOD
0.0002 0.3802
0.000632 0.4349
0.002 0.4219
0.00632 0.3464
0.02 0.1875
EOD
$r3 << EOD
0.000316 0.1719
0.001 0.1875
0.00316 0.1693
0.01 0.1823
0.0316 0.1328
0.1 0.1302
EOD
$r4 << EOD
0.0002 0.3958
0.000632 0.4792
0.002 0.4167
0.00632 0.2214
0.02 0.151
EOD
$r5 << EOD
0.001 0.25
0.00316 0.3177
0.01 0.2969
0.0316 0.2917
0.1 0.1328
EOD
$r6 << EOD
0.001 0.1901
0.00316 0.2396
0.01 0.3073
0.0316 0.3568
0.1 0.3307
EOD
$r7 << EOD
0.001 0.1615
0.00316 0.1667
0.01 0.2135
0.0316 0.2188
0.1 0.2109
EOD
$r8 << EOD
0.001 0.1901
0.00316 0.2396
0.01 0.3021
0.0316 0.4219
0.1 0.3984
EOD
$r9 << EOD
0.0002 0.2578
0.000632 0.3464
0.002 0.4167
0.00632 0.3672
0.02 0.2708
EOD
$r10 << EOD
0.001 0.224
0.00316 0.2943
0.01 0.3594
0.0316 0.2057
0.1 0.1693
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (selective)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-selective.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'attn-only', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'bitfit', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'child-tuning', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'diff-pruning', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'far', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'fishmask', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'ln-tuning', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'lt-sft', \
         $r8 with linespoints lw 2 pt 7 dt 4 title 'pafi', \
         $r9 with linespoints lw 2 pt 7 dt 5 title 'partial', \
         $r10 with linespoints lw 2 pt 7 dt 1 title 'rocoft'
    unset output
}
