# nouns26: validation accuracy (higher is better) against learning rate (scaling)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns26-lr-scaling.gp" writes tune-nouns26-lr-scaling.png and tune-nouns26-lr-scaling.svg.
$r0 << EOD
5e-05 0.0563
0.000158 0.2005
0.0005 0.5
0.00158 0.6239
0.005 0.7185
0.0158 0.741
0.05 0.7477
EOD
$r1 << EOD
5e-05 0.0766
0.000158 0.3018
0.0005 0.5676
0.00158 0.6982
0.005 0.7432
0.0158 0.732
EOD

set title "nouns26: validation accuracy (higher is better) against learning rate (scaling)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns26-lr-scaling.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'ia3', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'ssf'
    unset output
}
