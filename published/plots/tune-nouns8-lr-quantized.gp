# nouns8: validation accuracy (higher is better) against learning rate (quantized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-quantized.gp" writes tune-nouns8-lr-quantized.png and tune-nouns8-lr-quantized.svg.
$r0 << EOD
0.0002 0.3672
0.000632 0.4661
0.002 0.3776
0.00632 0.2396
0.02 0.1536
EOD
$r1 << EOD
0.001 0.3542
0.00316 0.4375
0.01 0.1719
0.0316 0.1458
0.1 0.1328
EOD
$r2 << EOD
0.000316 0.3411
0.001 0.4453
0.00316 0.4115
0.01 0.125
0.0316 0.125
0.1 0.1406
EOD
$r3 << EOD
0.000316 0.3516
0.001 0.4505
0.00316 0.4193
0.01 0.2969
0.0316 0.1901
0.1 0.1979
EOD
$r4 << EOD
0.001 0.2344
0.00316 0.3047
0.01 0.4036
0.0316 0.3984
0.1 0.1276
EOD
$r5 << EOD
0.001 0.3672
0.00316 0.4375
0.01 0.125
0.0316 0.1693
0.1 0.1302
EOD

set title "nouns8: validation accuracy (higher is better) against learning rate (quantized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns8-lr-quantized.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'bitdelta', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'loftq', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'lq-lora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'peqa', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'qa-lora', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'qlora'
    unset output
}
