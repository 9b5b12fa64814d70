# digits: validation accuracy (higher is better) against learning rate (hybrid)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-hybrid.gp" writes tune-digits-lr-hybrid.png and tune-digits-lr-hybrid.svg.
$r0 << EOD
0.001 0.6898
0.00316 0.8241
0.01 0.875
0.0316 0.3102
0.1 0.0972
EOD
$r1 << EOD
0.001 0.8241
0.00316 0.875
0.01 0.8889
0.0316 0.8704
0.1 0.1019
EOD
$r2 << EOD
0.001 0.6667
0.00316 0.7731
0.01 0.8426
0.0316 0.8889
0.1 0.8472
EOD
$r3 << EOD
0.001 0.9028
0.00316 0.963
0.01 0.9583
0.0316 0.3704
0.1 0.1759
EOD
$r4 << EOD
0.001 0.75
0.00316 0.8611
0.01 0.912
0.0316 0.9259
0.1 0.6157
EOD
$r5 << EOD
0.001 0.7963
0.00316 0.8843
0.01 0.875
0.0316 0.8657
0.1 0.7824
EOD
$r6 << EOD
0.001 0.8148
0.00316 0.8935
0.01 0.912
0.0316 0.9213
0.1 0.5046
EOD

set title "digits: validation accuracy (higher is better) against learning rate (hybrid)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-hybrid.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'glora', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'mam', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'propetl', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'rosa', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 's4', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'unified', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'unipelt'
    unset output
}
