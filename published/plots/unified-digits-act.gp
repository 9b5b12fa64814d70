# digits: act ablation (mean  95 CI over seeds)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot unified-digits-act.gp" writes unified-digits-act.png and unified-digits-act.svg.
$m0 << EOD
0 0.843638 0.0123436 "identity" 5034
1 0.836454 0.0081174 "relu" 5034
EOD

set title "digits: act ablation (mean  95 CI over seeds)" noenhanced
set xlabel 'act'
set ylabel 'accuracy (higher is better)'
set grid
unset logscale x
set offsets graph 0.05, graph 0.05, 0, 0
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "unified-digits-act.".fmt
    plot $m0 using 1:2:3:xtic(4) with yerrorlines lw 2 pt 7 title 'unified'
    unset output
}
