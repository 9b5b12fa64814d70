# nouns26: validation accuracy (higher is better) against learning rate (reparameterized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns26-lr-reparameterized.gp" writes tune-nouns26-lr-reparameterized.png and tune-nouns26-lr-reparameterized.svg.
$r0 << EOD
5e-05 0.0563
0.000158 0.1914
0.0005 0.4707
0.00158 0.6036
0.005 0.7162
0.0158 0.7207
0.05 0.7207
EOD
$r1 << EOD
5e-05 0.0631
0.000158 0.3221
0.0005 0.5968
0.00158 0.7095
0.005 0.7455
0.0158 0.6824
EOD
$r2 << EOD
5e-05 0.0563
0.000158 0.1914
0.0005 0.4865
0.00158 0.6486
0.005 0.7455
0.0158 0.7523
0.05 0.0811
EOD
$r3 << EOD
5e-05 0.0563
0.000158 0.1959
0.0005 0.4955
0.00158 0.6419
0.005 0.741
0.0158 0.7432
0.05 0.6824
EOD
$r4 << EOD
5e-05 0.0631
0.000158 0.3221
0.0005 0.5946
0.00158 0.7027
0.005 0.7455
0.0158 0.518
EOD
$r5 << EOD
5e-05 0.0608
0.000158 0.2635
0.0005 0.5833
0.00158 0.7027
0.005 0.7568
0.0158 0.6622
EOD
$r6 << EOD
5e-05 0.0856
0.000158 0.3806
0.0005 0.6104
0.00158 0.714
0.005 0.7185
0.0158 0.0856
EOD
$r7 << EOD
5e-05 0.0563
0.000158 0.1914
0.0005 0.4707
0.00158 0.5878
0.005 0.6622
0.0158 0.7027
0.05 0.7207
EOD

set title "nouns26: validation accuracy (higher is better) against learning rate (reparameterized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns26-lr-reparameterized.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adalora', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'dora', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'loha', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'lokr', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'lora', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'pissa', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'rslora', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'vera'
    unset output
}
