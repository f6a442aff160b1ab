from confaudit.cli import main

main()
