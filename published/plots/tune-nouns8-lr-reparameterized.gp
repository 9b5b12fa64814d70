# nouns8: validation accuracy (higher is better) against learning rate (reparameterized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-reparameterized.gp" writes tune-nouns8-lr-reparameterized.png and tune-nouns8-lr-reparameterized.svg.
$r0 << EOD
0.001 0.1771
0.00316 0.2031
0.01 0.2474
0.0316 0.3333
0.1 0.2604
EOD
$r1 << EOD
0.001 0.237
0.00316 0.3177
0.01 0.4349
0.0316 0.3542
0.1 0.3203
EOD
$r2 << EOD
0.001 0.349
0.00316 0.4245
0.01 0.3021
0.0316 0.1641
0.1 0.2057
EOD
$r3 << EOD
0.001 0.2943
0.00316 0.4167
0.01 0.4193
0.0316 0.2552
0.1 0.1771
EOD
$r4 << EOD
0.001 0.2135
0.00316 0.2318
0.01 0.1927
0.0316 0.1797
0.1 0.125
EOD
$r5 << EOD
0.001 0.1771
0.00316 0.2214
0.01 0.2448
0.0316 0.2969
0.1 0.3125
0.316 0.3333
1 0.2526
EOD
$r6 << EOD
0.001 0.1875
0.00316 0.2526
0.01 0.3464
0.0316 0.4401
0.1 0.1953
EOD
$r7 << EOD
0.001 0.1875
0.00316 0.2318
0.01 0.3255
0.0316 0.4557
0.1 0.3281
EOD
$r8 << EOD
0.001 0.2839
0.00316 0.3984
0.01 0.3802
0.0316 0.2266
0.1 0.1979
EOD
$r9 << EOD
0.001 0.2865
0.00316 0.3828
0.01 0.3307
0.0316 0.2396
0.1 0.1771
EOD
$r10 << EOD
0.001 0.2318
0.00316 0.3073
0.01 0.3854
0.0316 0.4922
0.1 0.2891
EOD
$r11 << EOD
0.000316 0.3568
0.001 0.401
0.00316 0.3281
0.01 0.1875
0.0316 0.1328
0.1 0.1849
EOD
$r12 << EOD
0.001 0.2161
0.00316 0.3021
0.01 0.3516
0.0316 0.401
0.1 0.3333
EOD
$r13 << EOD
0.001 0.2969
0.00316 0.4115
0.01 0.3958
0.0316 0.2474
0.1 0.1562
EOD
$r14 << EOD
0.001 0.2318
0.00316 0.3464
0.01 0.3984
0.0316 0.2526
0.1 0.2214
EOD
$r15 << EOD
0.001 0.3151
0.00316 0.4323
0.01 0.3646
0.0316 0.2656
0.1 0.1875
EOD
$r16 << EOD
0.001 0.3411
0.00316 0.4349
0.01 0.2318
0.0316 0.2031
0.1 0.1667
EOD
$r17 << EOD
0.001 0.2031
0.00316 0.2526
0.01 0.3151
0.0316 0.362
0.1 0.3646
0.316 0.1432
EOD
$r18 << EOD
0.001 0.237
0.00316 0.3333
0.01 0.362
0.0316 0.237
0.1 0.1745
EOD
$r19 << EOD
0.001 0.1771
0.00316 0.2005
0.01 0.2318
0.0316 0.2656
0.1 0.3385
0.316 0.2292
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (reparameterized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-reparameterized.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adalora', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'boft', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'delta-lora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'dora', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'dylora', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'fourierft', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'loha', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'lokr', \
         $r8 with linespoints lw 2 pt 7 dt 4 title 'lora', \
         $r9 with linespoints lw 2 pt 7 dt 5 title 'lora-dropout', \
         $r10 with linespoints lw 2 pt 7 dt 1 title 'lora-fa', \
         $r11 with linespoints lw 2 pt 7 dt 2 title 'lora-plus', \
         $r12 with linespoints lw 2 pt 7 dt 3 title 'oft', \
         $r13 with linespoints lw 2 pt 7 dt 4 title 'olora', \
         $r14 with linespoints lw 2 pt 7 dt 5 title 'periodic-lora', \
         $r15 with linespoints lw 2 pt 7 dt 1 title 'pissa', \
         $r16 with linespoints lw 2 pt 7 dt 2 title 'rslora', \
         $r17 with linespoints lw 2 pt 7 dt 3 title 'said', \
         $r18 with linespoints lw 2 pt 7 dt 4 title 'sora', \
         $r19 with linespoints lw 2 pt 7 dt 5 title 'vera'
    unset output
}
