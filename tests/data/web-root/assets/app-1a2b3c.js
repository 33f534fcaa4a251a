console.log("dpc test asset");
