# digits: validation accuracy (higher is better) against learning rate (prompt)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-prompt.gp" writes tune-digits-lr-prompt.png and tune-digits-lr-prompt.svg.
$r0 << EOD
0.001 0.537
0.00316 0.787
0.01 0.8611
0.0316 0.9028
0.1 0.9444
0.316 0.8843
EOD
$r1 << EOD
0.001 0.588
0.00316 0.6991
0.01 0.7454
0.0316 0.7917
0.1 0.8009
0.316 0.8194
1 0.7963
EOD
$r2 << EOD
0.001 0.662
0.00316 0.7083
0.01 0.7639
0.0316 0.8056
0.1 0.8148
0.316 0.8194
1 0.8333
EOD
$r3 << EOD
0.001 0.5833
0.00316 0.6898
0.01 0.7824
0.0316 0.8657
0.1 0.912
0.316 0.9352
1 0.8981
EOD
$r4 << EOD
0.001 0.7037
0.00316 0.8472
0.01 0.8611
0.0316 0.8935
0.1 0.1019
EOD
$r5 << EOD
0.001 0.5231
0.00316 0.6574
0.01 0.787
0.0316 0.8102
0.1 0.8148
0.316 0.8287
1 0.8009
EOD
$r6 << EOD
0.001 0.6157
0.00316 0.6852
0.01 0.787
0.0316 0.838
0.1 0.8426
0.316 0.8472
1 0.8333
EOD
$r7 << EOD
0.001 0.5
0.00316 0.6296
0.01 0.75
0.0316 0.7963
0.1 0.8102
0.316 0.7731
EOD

set title "digits: validation accuracy (higher is better) against learning rate (prompt)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-prompt.".fmt
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
