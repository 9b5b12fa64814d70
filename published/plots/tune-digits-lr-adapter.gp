# digits: validation accuracy (higher is better) against learning rate (adapter)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-adapter.gp" writes tune-digits-lr-adapter.png and tune-digits-lr-adapter.svg.
$r0 << EOD
0.001 0.6481
0.00316 0.7593
0.01 0.8148
0.0316 0.8333
0.1 0.838
0.316 0.1806
EOD
$r1 << EOD
0.001 0.6481
0.00316 0.7407
0.01 0.838
0.0316 0.8935
0.1 0.8889
EOD
$r2 << EOD
0.001 0.6713
0.00316 0.8009
0.01 0.838
0.0316 0.8704
0.1 0.838
EOD
$r3 << EOD
0.001 0.7269
0.00316 0.8796
0.01 0.8889
0.0316 0.9074
0.1 0.8287
EOD
$r4 << EOD
0.001 0.8657
0.00316 0.9074
0.01 0.8796
0.0316 0.8519
0.1 0.838
EOD
$r5 << EOD
0.001 0.7454
0.00316 0.8009
0.01 0.8889
0.0316 0.8981
0.1 0.8843
EOD
$r6 << EOD
0.001 0.7037
0.00316 0.8148
0.01 0.8519
0.0316 0.8565
0.1 0.8843
0.316 0.8426
1 0.4028
EOD
$r7 << EOD
0.001 0.7454
0.00316 0.8102
0.01 0.8889
0.0316 0.8981
0.1 0.8889
EOD
$r8 << EOD
0.001 0.6898
0.00316 0.787
0.01 0.8704
0.0316 0.8889
0.1 0.8796
EOD

set title "digits: validation accuracy (higher is better) against learning rate (adapter)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-adapter.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adapterdrop', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'adaptformer', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'compacter', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'houlsby', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'lst', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'parallel', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'pfeiffer', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'scaled-parallel', \
         $r8 with linespoints lw 2 pt 7 dt 4 title 'sparse-adapter'
    unset output
}
