# digits: validation accuracy (higher is better) against learning rate (mixture)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-mixture.gp" writes tune-digits-lr-mixture.png and tune-digits-lr-mixture.svg.
$r0 << EOD
0.001 0.6852
0.00316 0.7917
0.01 0.8194
0.0316 0.8426
0.1 0.6944
EOD
$r1 << EOD
0.001 0.8472
0.00316 0.8935
0.01 0.9537
0.0316 0.8241
0.1 0.588
EOD
$r2 << EOD
0.001 0.9398
0.00316 0.9722
0.01 0.7222
0.0316 0.1296
0.1 0.2407
EOD
$r3 << EOD
0.001 0.7963
0.00316 0.8889
0.01 0.9352
0.0316 0.8056
0.1 0.4676
EOD
$r4 << EOD
0.001 0.662
0.00316 0.8056
0.01 0.912
0.0316 0.8935
0.1 0.9259
0.316 0.8796
EOD

set title "digits: validation accuracy (higher is better) against learning rate (mixture)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-mixture.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adamix', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'hydralora', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'molora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'moslora', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'mov'
    unset output
}
