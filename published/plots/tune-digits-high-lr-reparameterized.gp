# digits-high: validation accuracy (higher is better) against learning rate (reparameterized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-high-lr-reparameterized.gp" writes tune-digits-high-lr-reparameterized.png and tune-digits-high-lr-reparameterized.svg.
$r0 << EOD
0.001 0.7176
0.00316 0.7407
0.01 0.7176
0.0316 0.7407
0.1 0.6296
EOD

set title "digits-high: validation accuracy (higher is better) against learning rate (reparameterized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-high-lr-reparameterized.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'lora'
    unset output
}
