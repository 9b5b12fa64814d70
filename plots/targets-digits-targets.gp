# digits: targets ablation (mean ± std over seeds)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot targets-digits-targets.gp` writes targets-digits-targets.png and targets-digits-targets.svg.
$m0 << EOD
0 0.962967 0.0115613 "all-linear" 37514
1 0.958333 0.00735142 "attention" 17034
2 0.9435 0.0152699 "mlp" 21130
3 0.9389 0.0121132 "q,v" 8842
EOD

set title "digits: targets ablation (mean ± std over seeds)" noenhanced
set xlabel 'targets'
set ylabel 'accuracy (higher is better)'
set grid
unset logscale x
set offsets graph 0.05, graph 0.05, 0, 0
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "targets-digits-targets.".fmt
    plot $m0 using 1:2:3:xtic(4) with yerrorlines lw 2 pt 7 title 'lora'
    unset output
}
