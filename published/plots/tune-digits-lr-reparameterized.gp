# digits: validation accuracy (higher is better) against learning rate (reparameterized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-reparameterized.gp" writes tune-digits-lr-reparameterized.png and tune-digits-lr-reparameterized.svg.
$r0 << EOD
0.001 0.6204
0.00316 0.7731
0.01 0.9028
0.0316 0.9259
0.1 0.8981
EOD
$r1 << EOD
0.001 0.7407
0.00316 0.8565
0.01 0.8843
0.0316 0.9306
0.1 0.9398
0.316 0.8843
1 0.9028
EOD
$r2 << EOD
0.001 0.8657
0.00316 0.912
0.01 0.9444
0.0316 0.5556
0.1 0.6991
EOD
$r3 << EOD
0.001 0.8102
0.00316 0.8981
0.01 0.9352
0.0316 0.9491
0.1 0.9167
EOD
$r4 << EOD
0.001 0.7037
0.00316 0.8241
0.01 0.8472
0.0316 0.2731
0.1 0.2731
EOD
$r5 << EOD
0.001 0.6296
0.00316 0.7593
0.01 0.8472
0.0316 0.8519
0.1 0.8843
0.316 0.912
1 0.787
EOD
$r6 << EOD
0.001 0.6574
0.00316 0.8426
0.01 0.8889
0.0316 0.9398
0.1 0.3148
EOD
$r7 << EOD
0.001 0.6389
0.00316 0.8241
0.01 0.8796
0.0316 0.9259
0.1 0.9306
0.316 0.6481
1 0.6667
EOD
$r8 << EOD
0.001 0.8102
0.00316 0.8889
0.01 0.9398
0.0316 0.8426
0.1 0.625
EOD
$r9 << EOD
0.001 0.7824
0.00316 0.9074
0.01 0.9352
0.0316 0.713
0.1 0.6296
EOD
$r10 << EOD
0.001 0.7083
0.00316 0.8287
0.01 0.875
0.0316 0.9491
0.1 0.9398
EOD
$r11 << EOD
0.001 0.9398
0.00316 0.9537
0.01 0.7917
0.0316 0.6898
0.1 0.5231
EOD
$r12 << EOD
0.001 0.6991
0.00316 0.8426
0.01 0.8843
0.0316 0.9259
0.1 0.9352
0.316 0.875
1 0.8472
EOD
$r13 << EOD
0.001 0.8056
0.00316 0.8843
0.01 0.9259
0.0316 0.912
0.1 0.6435
EOD
$r14 << EOD
0.001 0.7685
0.00316 0.8843
0.01 0.9398
0.0316 0.8056
0.1 0.6111
EOD
$r15 << EOD
0.001 0.7778
0.00316 0.8981
0.01 0.9259
0.0316 0.9028
0.1 0.7778
EOD
$r16 << EOD
0.001 0.8565
0.00316 0.9074
0.01 0.963
0.0316 0.7269
0.1 0.5231
EOD
$r17 << EOD
0.001 0.6759
0.00316 0.8148
0.01 0.8704
0.0316 0.8935
0.1 0.9167
0.316 0.1481
EOD
$r18 << EOD
0.001 0.8102
0.00316 0.8935
0.01 0.9444
0.0316 0.9213
0.1 0.4167
EOD
$r19 << EOD
0.001 0.5972
0.00316 0.7222
0.01 0.8194
0.0316 0.8935
0.1 0.9074
0.316 0.9306
1 0.713
EOD

set title "digits: validation accuracy (higher is better) against learning rate (reparameterized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-reparameterized.".fmt
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
