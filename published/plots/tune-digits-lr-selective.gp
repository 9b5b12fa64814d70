# digits: validation accuracy (higher is better) against learning rate (selective)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-selective.gp" writes tune-digits-lr-selective.png and tune-digits-lr-selective.svg.
$r0 << EOD
0.0002 0.8333
0.000632 0.9213
0.002 0.9444
0.00632 0.9444
0.02 0.7917
EOD
$r1 << EOD
0.001 0.6574
0.00316 0.7685
0.01 0.8194
0.0316 0.8704
0.1 0.8796
0.316 0.8194
1 0.1019
EOD
$r2 << EOD
0.0002 0.8287
0.000632 0.912
0.002 0.963
0.00632 0.9769
0.02 0.9491
EOD
$r3 << EOD
0.001 0.2824
0.00316 0.5278
0.01 0.7546
0.0316 0.7824
0.1 0.375
EOD
$r4 << EOD
0.0002 0.8472
0.000632 0.9444
0.002 0.963
0.00632 0.9676
0.02 0.9074
EOD
$r5 << EOD
0.001 0.6667
0.00316 0.7917
0.01 0.8565
0.0316 0.9074
0.1 0.8981
EOD
$r6 << EOD
0.001 0.6574
0.00316 0.7546
0.01 0.8148
0.0316 0.9074
0.1 0.912
0.316 0.8704
1 0.3009
EOD
$r7 << EOD
0.001 0.4769
0.00316 0.6435
0.01 0.7917
0.0316 0.8426
0.1 0.9306
0.316 0.8611
EOD
$r8 << EOD
0.001 0.6343
0.00316 0.7176
0.01 0.8287
0.0316 0.8889
0.1 0.9352
0.316 0.912
EOD
$r9 << EOD
0.0002 0.6944
0.000632 0.8102
0.002 0.8704
0.00632 0.912
0.02 0.8889
EOD
$r10 << EOD
0.001 0.7685
0.00316 0.8611
0.01 0.912
0.0316 0.9167
0.1 0.8009
EOD

set title "digits: validation accuracy (higher is better) against learning rate (selective)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-selective.".fmt
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
