# nouns8: validation accuracy (higher is better) against learning rate (quantized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns8-lr-quantized.gp" writes tune-nouns8-lr-quantized.png and tune-nouns8-lr-quantized.svg.
$r0 << EOD
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
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'qlora'
    unset output
}
