# digits: validation accuracy (higher is better) against learning rate (quantized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-quantized.gp" writes tune-digits-lr-quantized.png and tune-digits-lr-quantized.svg.
$r0 << EOD
0.0002 0.8611
0.000632 0.9491
0.002 0.9444
0.00632 0.9676
0.02 0.8657
EOD
$r1 << EOD
0.001 0.8935
0.00316 0.9537
0.01 0.9815
0.0316 0.2685
0.1 0.1435
EOD
$r2 << EOD
0.001 0.9259
0.00316 0.963
0.01 0.963
0.0316 0.3333
0.1 0.2361
EOD
$r3 << EOD
0.001 0.9028
0.00316 0.912
0.01 0.8935
0.0316 0.625
0.1 0.625
EOD
$r4 << EOD
0.001 0.7407
0.00316 0.8519
0.01 0.9213
0.0316 0.9352
0.1 0.8981
EOD
$r5 << EOD
0.001 0.9074
0.00316 0.9491
0.01 0.9537
0.0316 0.2037
0.1 0.1019
EOD

set title "digits: validation accuracy (higher is better) against learning rate (quantized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-quantized.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'bitdelta', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'loftq', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'lq-lora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'peqa', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'qa-lora', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'qlora'
    unset output
}
